import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Figures } from '../figures.ts';
import { THRESHOLD } from '../suppression.ts';
import { FigureBlock } from './figure-table.tsx';

export function Methodology({ c }: { c: PageContext }) {
  const { t } = c;
  return (
    <section aria-labelledby="methodology" class="methodology">
      <h2 id="methodology">{t('transparency.methodology.title')}</h2>
      <p>{t('transparency.methodology.counted')}</p>
      <p>{t('transparency.methodology.suppression', { n: THRESHOLD })}</p>
      <p>{t('transparency.methodology.complementary')}</p>
      <p>{t('transparency.methodology.optIn')}</p>
      <p>{t('transparency.methodology.regions')}</p>
      <p>{t('transparency.methodology.refresh')}</p>
      <p>{t('transparency.methodology.formats')}</p>
    </section>
  );
}

export function TransparencyPage({ c, figures }: { c: PageContext; figures: Figures }) {
  const { t } = c;
  const [overview, ...rest] = figures.tables;
  return (
    <Layout
      c={c}
      title={t('transparency.title')}
      description={t('transparency.intro')}
      styles={['css/transparency.css']}
    >
      <h1>{t('transparency.title')}</h1>
      <p class="lead">{t('transparency.intro')}</p>
      <p>
        {figures.computedAt
          ? t('transparency.asOf', { date: c.formatDate(figures.computedAt) })
          : t('transparency.notComputed')}{' '}
        <a href="#methodology">{t('transparency.methodology.link')}</a>
      </p>
      <nav aria-label={t('transparency.reportsNav')} class="report-links">
        <ul>
          <li>
            <a href={c.href('/transparency/data.json')}>{t('transparency.downloadAll')}</a>
          </li>
          {figures.years.map((year) => (
            <li key={year}>
              <a href={c.href(`/transparency/report/${year}`)}>{t('transparency.report.linkTo', { year })}</a>
            </li>
          ))}
        </ul>
      </nav>
      {overview ? <FigureBlock c={c} table={overview} /> : null}
      {rest.map((table) => (
        <FigureBlock c={c} table={table} key={table.id} />
      ))}
      {figures.calls.map((call) => (
        <section aria-labelledby={`call-${call.slug}`} key={call.id} class="call-figures">
          <h2 id={`call-${call.slug}`}>{t('transparency.callHeading', { call: call.title })}</h2>
          {call.tables.map((table) => (
            <FigureBlock c={c} table={table} level={3} key={table.id} />
          ))}
        </section>
      ))}
      <Methodology c={c} />
    </Layout>
  );
}
