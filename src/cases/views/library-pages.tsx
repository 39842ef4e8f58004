import taxonomy from '../../courses/package/taxonomy.json' with { type: 'json' };
import { countryName } from '../../platform/i18n/countries.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { FACETS, LibraryFilters, PublishedCase } from '../library.ts';

type Facets = Record<(typeof FACETS)[number], { value: string; count: number }[]>;

const FACET_LABEL: Record<string, (c: PageContext, v: string) => string> = {
  practiceType: (c, v) => c.t(`taxonomy.practiceTypes.${v}`),
  stakeholderType: (c, v) => c.t(`taxonomy.stakeholderTypes.${v}`),
  region: (c, v) => c.t(`taxonomy.regions.${v}`),
  country: (c, v) => countryName(v, c.locale as Locale),
  sector: (c, v) => c.t(`submissions.sectors.${v}`),
  year: (_c, v) => v,
};

export function queryString(filters: LibraryFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra }))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function LibraryPage({
  c,
  filters,
  cases,
  total,
  facets,
  nextCursor,
}: {
  c: PageContext;
  filters: LibraryFilters;
  cases: PublishedCase[];
  total: number;
  facets: Facets;
  nextCursor: string | null;
}) {
  const { t } = c;
  const select = (name: keyof LibraryFilters, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t('library.any')}</option>
        {options.map((o) => (
          <option value={o.value} selected={String(filters[name] ?? '') === o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout c={c} title={t('library.title')} description={t('library.intro')}>
      <h1>{t('library.title')}</h1>
      <p class="lead">{t('library.intro')}</p>
      <search>
        <form method="get" action={c.href('/cases')} class="library-filters">
          <div class="field">
            <label for="filter-q">{t('library.search')}</label>
            <input id="filter-q" name="q" type="search" value={filters.q ?? ''} dir="auto" />
          </div>
          {(Object.keys(facets) as (typeof FACETS)[number][]).map((facet) =>
            select(
              facet,
              t(`library.facets.${facet}`),
              facets[facet].map((f) => ({
                value: f.value,
                label: `${FACET_LABEL[facet]!(c, f.value)} (${f.count})`,
              })),
            ),
          )}
          {select(
            'principle',
            t('library.facets.principle'),
            taxonomy.recommendation.principles.map((p) => ({
              value: p.slug,
              label: t(`taxonomy.principles.${p.slug}`),
            })),
          )}
          {select(
            'policyArea',
            t('library.facets.policyArea'),
            taxonomy.recommendation.policyAreas.map((p) => ({
              value: p.slug,
              label: t(`taxonomy.policyAreas.${p.slug}`),
            })),
          )}
          <button type="submit" class="button">
            {t('library.apply')}
          </button>
        </form>
      </search>
      <p role="status">{t('library.count', { count: total })}</p>
      <p class="meta">
        <a href={`/cases.csv${queryString(filters)}`}>{t('library.csv')}</a> ·{' '}
        <a href="/cases/feed.atom">{t('library.feed')}</a> ·{' '}
        <a href={`/api/v1/cases${queryString(filters)}`}>{t('library.api')}</a>
      </p>
      <ul class="case-list">
        {cases.map((item) => (
          <li class="card" key={item.id} lang={item.language}>
            <h2 dir="auto">
              <a href={c.href(`/cases/${item.id}`)}>{item.title}</a>
            </h2>
            <p class="meta" lang={c.locale}>
              {item.organisation} · {countryName(item.country, c.locale as Locale)} ·{' '}
              {t(`taxonomy.practiceTypes.${item.practiceType}`)} · {item.year}
            </p>
            <p dir="auto">{item.summary}</p>
          </li>
        ))}
      </ul>
      {nextCursor ? (
        <nav aria-label={t('pagination.label')} class="pagination">
          <a href={c.href(`/cases${queryString(filters, { cursor: nextCursor })}`)}>{t('pagination.next')}</a>
        </nav>
      ) : null}
    </Layout>
  );
}

export function citation(item: PublishedCase, url: string) {
  const authors = item.authors.length ? item.authors.join(', ') : item.organisation;
  const text = `${authors} (${item.year}). ${item.title}. Praxis case library. ${url}. Licence: CC BY 4.0.`;
  const key = `${
    (item.authors[0] ?? item.organisation)
      .split(/\s+/)
      .pop()
      ?.replace(/[^A-Za-z0-9]/g, '') || 'case'
  }${item.year}`;
  const bibEscape = (s: string) => s.replace(/[{}\\]/g, (m) => `\\${m}`);
  const bibtex = [
    `@misc{${key},`,
    `  author = {${bibEscape(item.authors.join(' and ') || item.organisation)}},`,
    `  title = {${bibEscape(item.title)}},`,
    `  year = {${item.year}},`,
    `  howpublished = {Praxis case library},`,
    `  url = {${url}},`,
    `  note = {CC BY 4.0}`,
    '}',
  ].join('\n');
  return { text, bibtex };
}

export function CasePage({
  c,
  item,
  url,
  modules,
}: {
  c: PageContext;
  item: PublishedCase;
  url: string;
  modules: { href: string; title: string }[];
}) {
  const { t } = c;
  const { text, bibtex } = citation(item, url);
  return (
    <Layout
      c={c}
      title={item.title}
      description={item.summary.slice(0, 200)}
      ogType="article"
      jsonLd={{
        '@context': 'https://schema.org',
        '@type': 'CreativeWork',
        name: item.title,
        abstract: item.summary,
        inLanguage: item.language,
        datePublished: item.publishedAt,
        license: 'https://creativecommons.org/licenses/by/4.0/',
        url,
        author: item.authors.map((name) => ({ '@type': 'Person', name })),
        sourceOrganization: { '@type': 'Organization', name: item.organisation },
        keywords: item.principles,
      }}
    >
      <article class="prose" lang={item.language}>
        <h1 dir="auto">{item.title}</h1>
        <p class="meta" lang={c.locale}>
          {item.organisation} · {countryName(item.country, c.locale as Locale)} ·{' '}
          {t(`taxonomy.regions.${item.region}`)} · {item.year}
        </p>
        <p class="lead" dir="auto">
          {item.summary}
        </p>
        {(['what', 'how', 'results', 'challenges', 'adoption'] as const).map((section) => (
          <section key={section}>
            <h2 lang={c.locale}>{t(`submissions.fields.${section}`)}</h2>
            {item.sections[section].split(/\r?\n\s*\r?\n/).map((p, i) => (
              <p dir="auto" key={i}>
                {p}
              </p>
            ))}
          </section>
        ))}
        {item.sections.links.length ? (
          <ul lang={c.locale}>
            {item.sections.links.map((link) => (
              <li key={link}>
                <a href={link} rel="noopener nofollow">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </article>
      <dl class="course-facts">
        <dt>{t('submissions.fields.practiceType')}</dt>
        <dd>{t(`taxonomy.practiceTypes.${item.practiceType}`)}</dd>
        <dt>{t('submissions.fields.stakeholderType')}</dt>
        <dd>{t(`taxonomy.stakeholderTypes.${item.stakeholderType}`)}</dd>
        <dt>{t('submissions.fields.sector')}</dt>
        <dd>{t(`submissions.sectors.${item.sector}`)}</dd>
        <dt>{t('submissions.fields.principles')}</dt>
        <dd>{item.principles.map((p) => t(`taxonomy.principles.${p}`)).join('; ')}</dd>
        {item.policyAreas.length ? (
          <>
            <dt>{t('submissions.fields.policyAreas')}</dt>
            <dd>{item.policyAreas.map((p) => t(`taxonomy.policyAreas.${p}`)).join('; ')}</dd>
          </>
        ) : null}
        <dt>{t('library.licence')}</dt>
        <dd>
          <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">
            CC BY 4.0
          </a>
        </dd>
      </dl>
      {modules.length ? (
        <section aria-labelledby="modules-title">
          <h2 id="modules-title">{t('library.relatedModules')}</h2>
          <ul>
            {modules.map((m) => (
              <li key={m.href}>
                <a href={m.href}>{m.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="cite-title">
        <h2 id="cite-title">{t('library.cite')}</h2>
        <p dir="auto">{text}</p>
        <h3>BibTeX</h3>
        <pre>
          <code>{bibtex}</code>
        </pre>
      </section>
    </Layout>
  );
}
