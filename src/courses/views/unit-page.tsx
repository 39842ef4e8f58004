import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { CourseVersion } from '../course-store.ts';
import { contentLocale, orderedUnits, pick } from '../localize.ts';
import type { Unit } from '../package/types.ts';
import { FallbackNotice } from './course-page.tsx';

interface UnitPageProps {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  html: string;
  /** `?version=N` when an author previews an unpublished version, else ''. */
  query: string;
}

export function UnitPage({ c, course, unit, html, query }: UnitPageProps) {
  const { t } = c;
  const { pkg } = course;
  const { locale, fallback } = contentLocale(pkg, c.locale);
  const units = orderedUnits(pkg);
  const index = units.findIndex((entry) => entry.unit.id === unit.id);
  const here = units[index]!;
  const previous = units[index - 1];
  const next = units[index + 1];
  const title = (u: Unit) => u.texts[locale]?.title ?? u.texts.en?.title ?? u.id;
  const href = (u: Unit) => c.href(`/courses/${pkg.slug}/units/${u.id}${query}`);
  const available = pkg.languages.filter((l) => unit.texts[l]);
  return (
    <Layout
      c={c}
      title={`${title(unit)} · ${pick(pkg.title, locale)}`}
      description={pick(here.module.summary, locale)}
    >
      <nav aria-label={t('courses.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            <a href={c.href(`/courses/${pkg.slug}${query}`)}>{pick(pkg.title, locale)}</a>
          </li>
          <li>
            <a href={c.href(`/courses/${pkg.slug}${query}#module-${here.module.id}`)}>
              {pick(here.module.title, locale)}
            </a>
          </li>
        </ol>
      </nav>
      <FallbackNotice c={c} fallback={fallback} />
      <div class="unit-layout">
        <article class="unit prose" lang={locale}>
          <h1>{title(unit)}</h1>
          <p class="meta" lang={c.locale}>
            {t('courses.minutes', { minutes: unit.minutes })} · {t('courses.availableIn')}{' '}
            {available.map((l) => t(`languages.${l}`)).join(', ')}
          </p>
          {/* Rendered from the package's Markdown and sanitized by the renderer's allow-list. */}
          <div class="unit-body" dangerouslySetInnerHTML={{ __html: html }} />
          {here.module.glossary.length ? (
            <section class="glossary" aria-labelledby="glossary-title">
              <h2 id="glossary-title">{t('courses.glossary')}</h2>
              <dl>
                {here.module.glossary.map((g) => (
                  <div key={g.id} id={`glossary-${g.id}`}>
                    <dt>{pick(g.term, locale)}</dt>
                    <dd>{pick(g.definition, locale)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
          <nav aria-label={t('courses.unitNav')} class="pager">
            {previous ? (
              <a href={href(previous.unit)} rel="prev">
                ← {t('courses.previous')}: {title(previous.unit)}
              </a>
            ) : (
              <span />
            )}
            {next ? (
              <a href={href(next.unit)} rel="next">
                {t('courses.next')}: {title(next.unit)} →
              </a>
            ) : null}
          </nav>
        </article>
        <nav aria-label={t('courses.outline')} class="outline">
          <h2>{t('courses.outline')}</h2>
          <ol>
            {pkg.modules
              .filter((m) => pkg.tracks.some((tr) => tr.modules.includes(m.id)))
              .map((module) => (
                <li key={module.id}>
                  <span class="outline-module">{pick(module.title, locale)}</span>
                  <ol>
                    {module.units.map((u) => (
                      <li key={u.id}>
                        <a href={href(u)} aria-current={u.id === unit.id ? 'page' : undefined}>
                          {title(u)}
                        </a>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
          </ol>
        </nav>
      </div>
    </Layout>
  );
}
