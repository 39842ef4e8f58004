import { ErrorSummary, type FieldErrors, Form, TextArea } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Figures } from '../figures.ts';
import { renderEditorial } from '../markdown.ts';
import { REPORT_SECTIONS, type ReportSection, SECTION_MAX } from '../service.ts';
import { FigureBlock } from './figure-table.tsx';
import { Methodology } from './transparency-page.tsx';

/** The tables of the current breakdowns a report repeats (as of its roll-up). */
const SNAPSHOT_TABLES = ['regions', 'languages', 'genders', 'sectors', 'calls'];

export interface ReportPageProps {
  c: PageContext;
  year: number;
  figures: Figures;
  sections: Record<ReportSection, string>;
  /** True when the sections are shown in English because this language has none yet. */
  fallback: boolean;
  canEdit: boolean;
}

export function ReportPage({ c, year, figures, sections, fallback, canEdit }: ReportPageProps) {
  const { t } = c;
  const title = t('transparency.report.title', { year });
  return (
    <Layout
      c={c}
      title={title}
      description={t('transparency.report.intro', { year })}
      styles={['css/transparency.css']}
    >
      <h1>{title}</h1>
      <p class="lead">{t('transparency.report.intro', { year })}</p>
      <p class="report-actions no-print">
        <a class="button" href={c.href(`/transparency/report/${year}.pdf`)} download>
          {t('transparency.report.pdf')}
        </a>{' '}
        <a href={c.href('/transparency')}>{t('transparency.report.back')}</a>
        {canEdit ? (
          <>
            {' · '}
            <a href={c.href(`/admin/transparency/report/${year}`)}>{t('transparency.report.edit')}</a>
          </>
        ) : null}
      </p>
      <p class="print-only">{t('transparency.report.printNote')}</p>
      {figures.year(year).map((table) => (
        <FigureBlock c={c} table={table} key={table.id} />
      ))}
      <p>
        {t('transparency.report.snapshotNote', {
          date: figures.computedAt ? c.formatDate(figures.computedAt) : '—',
        })}
      </p>
      {figures.tables
        .filter((table) => SNAPSHOT_TABLES.includes(table.id))
        .map((table) => (
          <FigureBlock c={c} table={table} key={table.id} />
        ))}
      {fallback ? <p class="notice">{t('transparency.report.fallback')}</p> : null}
      {REPORT_SECTIONS.map((section) => (
        <section aria-labelledby={`section-${section}`} class="editorial" key={section}>
          <h2 id={`section-${section}`}>{t(`transparency.report.sections.${section}`)}</h2>
          {sections[section].trim() ? (
            <div
              class="prose"
              lang={fallback ? 'en' : undefined}
              // Sanitized: markdown-it without raw HTML, then an allowlist (markdown.ts).
              dangerouslySetInnerHTML={{ __html: renderEditorial(sections[section]) }}
            />
          ) : (
            <p>{t('transparency.report.noStatement')}</p>
          )}
        </section>
      ))}
      <Methodology c={c} />
    </Layout>
  );
}

export interface EditReportProps {
  c: PageContext;
  year: number;
  values: Record<ReportSection, string>;
  errors: FieldErrors;
  notice?: string;
  locales: readonly string[];
}

export function EditReportPage({ c, year, values, errors, notice, locales }: EditReportProps) {
  const { t } = c;
  const title = t('transparency.admin.title', { year, language: t(`languages.${c.locale}`) });
  return (
    <Layout c={c} title={title} noindex styles={['css/transparency.css']}>
      <h1>{title}</h1>
      <Notice c={c} message={notice} />
      <p>{t('transparency.admin.intro')}</p>
      <nav aria-label={t('transparency.admin.otherLanguages')}>
        <ul class="inline-list">
          {locales.map((l) => (
            <li key={l}>
              <a
                href={`/${l}/admin/transparency/report/${year}`}
                aria-current={l === c.locale ? 'page' : undefined}
              >
                {t(`languages.${l}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href(`/admin/transparency/report/${year}`)} class="stack">
        {REPORT_SECTIONS.map((section) => (
          <TextArea
            c={c}
            key={section}
            name={section}
            label={t(`transparency.report.sections.${section}`)}
            hint={t('transparency.admin.hint', { max: SECTION_MAX })}
            value={values[section]}
            errors={errors}
            rows={8}
            maxLength={SECTION_MAX}
          />
        ))}
        <button type="submit" class="button">
          {t('transparency.admin.save')}
        </button>
      </Form>
      <p>
        <a href={c.href(`/transparency/report/${year}`)}>{t('transparency.admin.view')}</a>
      </p>
    </Layout>
  );
}
