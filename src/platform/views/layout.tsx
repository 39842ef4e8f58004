import type { ComponentChildren } from 'preact';
import { LOCALES, languageTag } from '../i18n/locales.ts';
import { Form } from './form.tsx';
import type { PageContext } from './page-context.ts';

interface LayoutProps {
  c: PageContext;
  title: string;
  children: ComponentChildren;
  /** Short description for search engines and link previews. */
  description?: string;
  /** Extra scripts (file names under public/) that enhance this page. */
  scripts?: string[];
  /** Extra stylesheets (file names under public/, e.g. `css/community.css`) a module's pages need. */
  styles?: string[];
  /** Pages that should not be indexed (account pages, forms with tokens). */
  noindex?: boolean;
  /** schema.org structured data for the page (Course, LearningResource, CreativeWork…). */
  jsonLd?: object;
  /** Open Graph type; `website` unless the page is an article. */
  ogType?: 'website' | 'article';
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  ko: '한국어',
  ar: 'العربية',
  zh: '中文',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};

export function Layout({
  c,
  title,
  children,
  description,
  scripts = [],
  styles = [],
  noindex,
  jsonLd,
  ogType = 'website',
}: LayoutProps) {
  const { t } = c;
  const fullTitle = title === t('site.name') ? title : `${title} · ${t('site.name')}`;
  return (
    <html lang={languageTag(c.locale)} dir={c.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex ? null : (
          <>
            <meta property="og:site_name" content={t('site.name')} />
            <meta property="og:title" content={title} />
            {description ? <meta property="og:description" content={description} /> : null}
            <meta property="og:type" content={ogType} />
            <meta property="og:url" content={c.absolute(c.href(c.path))} />
            <meta property="og:locale" content={languageTag(c.locale).replace('-', '_')} />
          </>
        )}
        {jsonLd ? (
          // JSON-LD is a data block, which browsers never execute and CSP does not govern; without a
          // nonce the page stays the same bytes for every visitor, so it can be cached whole.
          <script
            type="application/ld+json"
            dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }}
          />
        ) : null}
        {noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={c.asset('css/site.css')} />
        <link rel="stylesheet" href={c.asset('css/content.css')} />
        {styles.map((name) => (
          <link rel="stylesheet" href={c.asset(name)} key={name} />
        ))}
        {LOCALES.map((locale) => (
          <link
            rel="alternate"
            hreflang={languageTag(locale)}
            href={c.absolute(c.href(c.path, locale))}
            key={locale}
          />
        ))}
        <link rel="alternate" hreflang="x-default" href={c.absolute(c.href(c.path, 'en'))} />
        {scripts.map((name) => (
          // Same-origin files, allowed by script-src 'self'; the nonce is for inline script only.
          <script type="module" src={c.asset(name)} key={name} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={c.href('/')}>
              {t('site.name')}
            </a>
            <nav aria-label={t('layout.mainNav')} class="main-nav">
              <ul>
                {c.nav.map((item) => (
                  <li key={item.path}>
                    <a
                      href={c.href(item.path)}
                      aria-current={c.path.startsWith(item.path) ? 'page' : undefined}
                    >
                      {t(item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <AccountMenu c={c} />
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {c.user && !c.user.emailVerified ? (
            <p class="banner" role="status">
              {t('layout.verifyEmailBanner')} <a href={c.href('/account')}>{t('layout.verifyEmailLink')}</a>
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap footer-row">
            <nav aria-label={t('layout.languages')}>
              <ul class="language-list">
                {LOCALES.map((locale) => (
                  <li key={locale}>
                    <a
                      href={c.href(c.path, locale)}
                      hreflang={languageTag(locale)}
                      lang={languageTag(locale)}
                      aria-current={locale === c.locale ? 'true' : undefined}
                    >
                      {LANGUAGE_NAMES[locale]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <nav aria-label={t('layout.footerNav')}>
              <ul class="footer-links">
                <li>
                  <a href={c.href('/privacy')}>{t('layout.privacy')}</a>
                </li>
                <li>
                  <a href={c.href('/accessibility')}>{t('layout.accessibility')}</a>
                </li>
                <li>
                  <a href={c.href('/terms')}>{t('layout.terms')}</a>
                </li>
                <li>
                  <a href={c.href('/api/docs')}>{t('apiDocs.footerLink')}</a>
                </li>
              </ul>
            </nav>
            <p class="licence">{t('layout.licence', { operator: c.operatorName })}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function AccountMenu({ c }: { c: PageContext }) {
  const { t } = c;
  if (!c.user) {
    return (
      <ul class="account-menu">
        <li>
          <a href={c.href(`/sign-in?next=${encodeURIComponent(c.path)}`)}>{t('layout.signIn')}</a>
        </li>
        <li>
          <a class="button button-small" href={c.href('/register')}>
            {t('layout.register')}
          </a>
        </li>
      </ul>
    );
  }
  return (
    <ul class="account-menu">
      {c.user.roles.has('admin') ? (
        <li>
          <a href={c.href('/admin')}>{t('layout.admin')}</a>
        </li>
      ) : null}
      {c.user.roles.has('reviewer') ? (
        <li>
          <a href={c.href('/review')}>{t('layout.review')}</a>
        </li>
      ) : null}
      {c.user.roles.has('moderator') || c.user.roles.has('admin') ? (
        <li>
          <a href={c.href('/moderation')}>{t('community.nav.moderation')}</a>
        </li>
      ) : null}
      <li>
        <a href={c.href('/learn')}>{t('layout.learn')}</a>
      </li>
      <li>
        <a href={c.href('/notifications')}>
          {t('community.nav.notifications')}
          <UnreadCount c={c} count={c.user.unreadNotifications} />
        </a>
      </li>
      <li>
        <a href={c.href('/account')}>{t('layout.account')}</a>
      </li>
      <li>
        <Form c={c} action={c.href('/sign-out')} class="inline-form">
          <button type="submit" class="link-button">
            {t('layout.signOut')}
          </button>
        </Form>
      </li>
    </ul>
  );
}

/**
 * Shown as "(3)" after a link's label; assistive technology reads "3 unread" in the page's language
 * instead of a bare number, and the link's name still starts with its visible text.
 */
function UnreadCount({ c, count }: { c: PageContext; count: number }) {
  if (count <= 0) return null;
  return (
    <>
      <span aria-hidden="true"> ({new Intl.NumberFormat(languageTag(c.locale)).format(count)})</span>
      <span class="visually-hidden"> {c.t('community.nav.unread', { count })}</span>
    </>
  );
}
