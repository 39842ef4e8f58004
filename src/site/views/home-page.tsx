import type { ComponentChildren } from 'preact';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

export interface HomeSection {
  /** Renders a block of the home page that a module contributes (the featured course, the open call). */
  render(c: PageContext): ComponentChildren;
}

const AUDIENCES = ['learners', 'practitioners', 'reviewers', 'public'] as const;

export function HomePage({ c, sections }: { c: PageContext; sections: ComponentChildren[] }) {
  const { t } = c;
  return (
    <Layout
      c={c}
      title={t('site.name')}
      description={t('home.lead')}
      jsonLd={{
        '@context': 'https://schema.org',
        '@type': 'Organization',
        name: c.operatorName,
        url: c.absolute('/'),
        description: t('home.lead'),
      }}
    >
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        {c.user ? null : (
          <p>
            <a class="button" href={c.href('/register')}>
              {t('home.cta')}
            </a>
          </p>
        )}
      </section>
      {sections}
      <section aria-labelledby="audiences-title">
        <h2 id="audiences-title">{t('home.audiencesTitle')}</h2>
        <ul class="card-grid">
          {AUDIENCES.map((key) => (
            <li class="card" key={key}>
              <h3>{t(`home.audiences.${key}.title`)}</h3>
              <p>{t(`home.audiences.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="about-title">
        <h2 id="about-title">{t('home.aboutTitle')}</h2>
        <p>{t('home.aboutBody')}</p>
      </section>
    </Layout>
  );
}
