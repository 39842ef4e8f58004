import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csvDocument } from '../platform/http/csv.ts';
import { badRequest, notFound } from '../platform/http/errors.ts';
import { text } from '../platform/http/form-body.ts';
import { publicRead } from '../platform/http/public-api.ts';
import { isLocale, LOCALES, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import { authorize, can } from '../platform/policy.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import type { PageContext } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import { callStatisticsSchema, errorSchema, statisticsQuery, statisticsSchema } from './api-schemas.ts';
import type { Figures, PublishedTable } from './figures.ts';
import { editorialText } from './markdown.ts';
import { type ReportBlock, renderReportPdf } from './report-pdf.ts';
import { REPORT_SECTIONS, type ReportSection, SECTION_MAX, type TransparencyService } from './service.ts';
import { THRESHOLD } from './suppression.ts';
import { formatCell } from './views/figure-table.tsx';
import { EditReportPage, ReportPage } from './views/report-pages.tsx';
import { TransparencyPage } from './views/transparency-page.tsx';

interface Options {
  transparency: TransparencyService;
  operatorName: string;
}

/**
 * A table as CSV: one row per table row; for each column its value and a `<column>Suppressed` flag.
 * A hidden figure has an empty value and `true` in its flag, as in JSON (`value: null, suppressed: true`).
 */
export function tableCsv(table: PublishedTable): string {
  const header = ['key', 'label', 'total', ...table.columns.flatMap((c) => [c.key, `${c.key}Suppressed`])];
  return csvDocument(
    header,
    table.rows.map((row) => [
      row.key,
      row.label,
      row.total ? 'true' : 'false',
      ...table.columns.flatMap((c) => {
        const cell = row.cells[c.key];
        return [cell?.value ?? '', cell?.suppressed ? 'true' : 'false'];
      }),
    ]),
  );
}

/** The JSON shape of a table: camelCase, stable keys, localized labels. */
export function tableJson(table: PublishedTable) {
  return {
    id: table.id,
    title: table.title,
    dimension: table.dimension,
    columns: table.columns,
    rows: table.rows.map((r) => ({ key: r.key, label: r.label, total: r.total === true, cells: r.cells })),
  };
}

export function figuresJson(figures: Figures, locale: string) {
  return {
    locale,
    computedAt: figures.computedAt,
    threshold: THRESHOLD,
    suppression:
      'Figures about fewer than `threshold` people are {"value": null, "suppressed": true}, and so are the complementary figures that would let a hidden one be recovered by subtraction. {"value": null, "suppressed": false} means not yet known (decisions not released).',
    tables: figures.tables.map(tableJson),
    calls: figures.calls.map((c) => ({
      id: c.id,
      slug: c.slug,
      title: c.title,
      tables: c.tables.map(tableJson),
    })),
  };
}

const YEAR = /^(\d{4})(\.pdf)?$/;

function yearOf(raw: string | undefined): { year: number; pdf: boolean } {
  const m = YEAR.exec(raw ?? '');
  const year = Number(m?.[1]);
  if (!m || year < 2020 || year > new Date().getUTCFullYear() + 1) throw notFound();
  return { year, pdf: Boolean(m[2]) };
}

function reportBlocks(
  c: Pick<PageContext, 't' | 'locale'>,
  figures: Figures,
  year: number,
  sections: Record<ReportSection, string>,
): ReportBlock[] {
  const { t } = c;
  const table = (tbl: PublishedTable): ReportBlock => ({
    kind: 'table',
    title: tbl.title,
    header: [tbl.dimension, ...tbl.columns.map((col) => col.label)],
    rows: tbl.rows.map((r) => ({
      cells: [r.label, ...tbl.columns.map((col) => formatCell(c, col, r.cells[col.key]))],
      total: r.total,
    })),
  });
  const blocks: ReportBlock[] = [
    { kind: 'title', text: t('transparency.report.title', { year }) },
    { kind: 'paragraph', text: t('transparency.report.intro', { year }) },
    ...figures.year(year).map(table),
    {
      kind: 'note',
      text: t('transparency.report.snapshotNote', { date: figures.computedAt?.slice(0, 10) ?? '—' }),
    },
    ...figures.tables
      .filter((x) => ['regions', 'languages', 'genders', 'sectors', 'calls'].includes(x.id))
      .map(table),
  ];
  for (const section of REPORT_SECTIONS) {
    blocks.push({ kind: 'heading', text: t(`transparency.report.sections.${section}`) });
    const paragraphs = editorialText(sections[section]);
    if (!paragraphs.length) blocks.push({ kind: 'paragraph', text: t('transparency.report.noStatement') });
    for (const p of paragraphs) blocks.push({ kind: 'paragraph', text: p });
  }
  blocks.push(
    { kind: 'heading', text: t('transparency.methodology.title') },
    { kind: 'note', text: t('transparency.methodology.counted') },
    { kind: 'note', text: t('transparency.methodology.suppression', { n: THRESHOLD }) },
    { kind: 'note', text: t('transparency.methodology.complementary') },
  );
  return blocks;
}

export function registerTransparencyRoutes(app: FastifyInstance, { transparency, operatorName }: Options) {
  const localeOf = (request: FastifyRequest) => request.locale as Locale;

  app.get('/:locale/transparency', { config: { pageCache: true } }, async (request, reply) => {
    const figures = await transparency.figures(localeOf(request));
    return sendPage(reply, TransparencyPage({ c: reply.pageContext(), figures }));
  });

  const sendJson = (reply: FastifyReply, body: unknown, filename?: string) => {
    if (filename) reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=60')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body, null, 2));
  };

  app.get('/:locale/transparency/data.json', { config: { skipSession: true } }, async (request, reply) => {
    const locale = localeOf(request);
    return sendJson(reply, figuresJson(await transparency.figures(locale), locale));
  });

  app.get('/:locale/transparency/data/:file', { config: { skipSession: true } }, async (request, reply) => {
    const m = /^([a-z0-9-]{1,200})\.(csv|json)$/.exec((request.params as { file: string }).file);
    if (!m) throw notFound();
    const [, id, format] = m as unknown as [string, string, 'csv' | 'json'];
    const locale = localeOf(request);
    const table = (await transparency.figures(locale)).table(id);
    if (!table) throw notFound();
    if (format === 'json') return sendJson(reply, tableJson(table));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="praxis-${id}-${locale}.csv"`)
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=60')
      .send(`\ufeff${tableCsv(table)}`);
  });

  // The public statistics API -----------------------------------------------------------------------

  const apiLocale = (request: FastifyRequest): Locale => {
    const l = (request.query as { locale?: string }).locale;
    return isLocale(l) ? l : 'en';
  };

  app.get(
    '/api/v1/statistics',
    {
      ...publicRead,
      schema: {
        tags: ['statistics'],
        summary: 'Public statistics about reach and selection',
        description:
          'Every table of the transparency page, with small counts suppressed: a figure about fewer than 10 people, and any figure that would let one be recovered by subtraction, is {"value": null, "suppressed": true}.',
        querystring: statisticsQuery,
        response: { 200: statisticsSchema, 400: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const locale = apiLocale(request);
      return reply
        .header('access-control-allow-origin', '*')
        .send(figuresJson(await transparency.figures(locale), locale));
    },
  );

  app.get(
    '/api/v1/statistics/calls/:id',
    {
      ...publicRead,
      schema: {
        tags: ['statistics'],
        summary: 'Statistics of one call for practice cases',
        description:
          'Submissions by stakeholder type, practice type and region, and reviewers by region, with the same suppression as /api/v1/statistics. The id is the call’s slug or id.',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 200, description: 'The call’s slug or id.' } },
          required: ['id'],
        },
        querystring: statisticsQuery,
        response: {
          200: callStatisticsSchema,
          400: errorSchema,
          404: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const locale = apiLocale(request);
      const { id } = request.params as { id: string };
      const figures = await transparency.figures(locale);
      const call = figures.calls.find((c) => c.slug === id || c.id === id);
      if (!call) throw notFound();
      const summary = figures.table('calls')?.rows.find((r) => r.key === call.slug);
      return reply.header('access-control-allow-origin', '*').send({
        locale,
        computedAt: figures.computedAt,
        threshold: THRESHOLD,
        id: call.id,
        slug: call.slug,
        title: call.title,
        summary: summary?.cells ?? {},
        tables: call.tables.map(tableJson),
      });
    },
  );

  // The yearly accountability report ---------------------------------------------------------------

  app.get('/:locale/transparency/report/:year', async (request, reply) => {
    const { year, pdf } = yearOf((request.params as { year: string }).year);
    const locale = localeOf(request);
    const figures = await transparency.figures(locale);
    let sections = await transparency.sections(year, locale);
    let fallback = false;
    if (locale !== 'en' && REPORT_SECTIONS.every((s) => !sections[s].trim())) {
      const english = await transparency.sections(year, 'en');
      if (REPORT_SECTIONS.some((s) => english[s].trim())) {
        sections = english;
        fallback = true;
      }
    }
    if (pdf) {
      const t = translator(locale);
      const bytes = await renderReportPdf({
        locale,
        title: t('transparency.report.title', { year }),
        author: operatorName,
        blocks: reportBlocks({ t, locale }, figures, year, sections),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="praxis-report-${year}-${locale}.pdf"`)
        .header('cache-control', 'public, max-age=300')
        .send(Buffer.from(bytes));
    }
    return sendPage(
      reply,
      ReportPage({
        c: reply.pageContext(),
        year,
        figures,
        sections,
        fallback,
        canEdit: can(request.user, 'transparency.editReport'),
      }),
    );
  });

  app.get('/:locale/admin/transparency/report/:year', async (request, reply) => {
    authorize(request.user, 'transparency.editReport');
    const { year, pdf } = yearOf((request.params as { year: string }).year);
    if (pdf) throw notFound();
    const done = (request.query as { done?: string }).done === 'saved';
    return sendPage(
      reply,
      EditReportPage({
        c: reply.pageContext(),
        year,
        values: await transparency.sections(year, localeOf(request)),
        errors: {},
        notice: done ? 'transparency.admin.saved' : undefined,
        locales: LOCALES,
      }),
    );
  });

  app.post('/:locale/admin/transparency/report/:year', async (request, reply) => {
    authorize(request.user, 'transparency.editReport');
    const { year, pdf } = yearOf((request.params as { year: string }).year);
    if (pdf) throw badRequest();
    const values = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, text(request.body, s)])) as Record<
      ReportSection,
      string
    >;
    const errors: FieldErrors = {};
    for (const s of REPORT_SECTIONS)
      if (values[s].length > SECTION_MAX) errors[s] = 'transparency.admin.tooLong';
    if (Object.keys(errors).length) {
      return sendPage(
        reply,
        EditReportPage({ c: reply.pageContext(), year, values, errors, locales: LOCALES }),
        422,
      );
    }
    await transparency.saveSections(year, localeOf(request), values, request.user.id);
    return reply.redirect(`/${request.locale}/admin/transparency/report/${year}?done=saved`, 303);
  });
}
