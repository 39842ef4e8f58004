import { type Locale, languageTag } from '../../platform/i18n/locales.ts';
import type { PageContext } from '../../platform/views/page-context.ts';
import { barChart, lineChart } from '../charts.ts';
import type { PublishedColumn, PublishedTable } from '../figures.ts';
import type { Cell } from '../suppression.ts';
import { THRESHOLD } from '../suppression.ts';

const formatters = new Map<string, Intl.NumberFormat>();
/** Number formats are costly to build and pages format hundreds of figures: one per language and kind. */
function formatter(locale: Locale, kind: 'count' | 'rate'): Intl.NumberFormat {
  const key = `${locale}/${kind}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      languageTag(locale),
      kind === 'rate' ? { style: 'percent', maximumFractionDigits: 1 } : {},
    );
    formatters.set(key, format);
  }
  return format;
}

/** A published figure as text: the number, "fewer than 10", a percentage, or "not yet known". */
export function formatCell(
  c: Pick<PageContext, 't' | 'locale'>,
  column: PublishedColumn,
  cell: Cell | undefined,
): string {
  if (!cell || (cell.value === null && !cell.suppressed)) return c.t('transparency.notYet');
  if (cell.suppressed || cell.value === null) return c.t('transparency.fewerThan', { n: THRESHOLD });
  return formatter(c.locale, column.kind).format(cell.value);
}

/** Where a table is downloaded, as CSV and JSON. */
export const dataHref = (c: PageContext, id: string, format: 'csv' | 'json') =>
  c.href(`/transparency/data/${id}.${format}`);

export function DataTable({
  c,
  table,
  captionHidden,
}: {
  c: PageContext;
  table: PublishedTable;
  captionHidden?: boolean;
}) {
  return (
    <div class="table-scroll">
      <table class="figures">
        <caption class={captionHidden ? 'visually-hidden' : undefined}>{table.title}</caption>
        <thead>
          <tr>
            <th scope="col">{table.dimension}</th>
            {table.columns.map((col) => (
              <th scope="col" class="num" key={col.key}>
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} class={row.total ? 'total' : undefined}>
              <th scope="row">{row.label}</th>
              {table.columns.map((col) => {
                const cell = row.cells[col.key];
                return (
                  <td class={cell?.suppressed ? 'num suppressed' : 'num'} key={col.key}>
                    {formatCell(c, col, cell)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Downloads({ c, table }: { c: PageContext; table: PublishedTable }) {
  return (
    <p class="downloads">
      <a href={dataHref(c, table.id, 'csv')} download>
        {c.t('transparency.downloadCsv', { table: table.title })}
      </a>
      {' · '}
      <a href={dataHref(c, table.id, 'json')}>{c.t('transparency.downloadJson', { table: table.title })}</a>
    </p>
  );
}

/** A table with its chart (when it has one) and its downloads, under a heading. */
export function FigureBlock({
  c,
  table,
  level = 2,
}: {
  c: PageContext;
  table: PublishedTable;
  level?: 2 | 3;
}) {
  const headingId = `table-${table.id}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  const chartLabel = c.t('transparency.chartOf', { table: table.title });
  const hasHidden = table.rows.some((r) => Object.values(r.cells).some((cell) => cell.suppressed));
  let chart: string | null = null;
  const plotted = table.rows.filter((r) => !r.total);
  // A chart with nothing to draw (every figure hidden) would be an empty axis: the table says it all.
  const shown = plotted.filter((r) => Object.values(r.cells).some((cell) => cell.value !== null)).length;
  if (table.chart === 'bar' && shown > 0) chart = barChart(table, chartLabel);
  if (table.chart === 'line' && plotted.length > 1 && shown > 0) {
    chart = lineChart(table, chartLabel, (key) => table.columns.find((col) => col.key === key)?.label ?? key);
  }
  return (
    <section aria-labelledby={headingId} class="figure-block">
      <Heading id={headingId}>{table.title}</Heading>
      <div class={chart ? (table.columns.length > 1 ? 'figure-stack' : 'figure-row') : undefined}>
        {chart ? (
          <figure class="chart-figure">
            {/* Server-made SVG from Observable Plot: text is escaped by Plot's DOM serializer. */}
            <div class="chart-svg" dangerouslySetInnerHTML={{ __html: chart }} />
            {table.chart === 'line' ? (
              <ul class="legend">
                {table.columns.map((col, i) => (
                  <li key={col.key}>
                    <span class={`swatch swatch-${i}`} aria-hidden="true" />
                    {col.label}
                  </li>
                ))}
              </ul>
            ) : null}
            <figcaption>
              {c.t('transparency.chartCaption')}
              {hasHidden ? ` ${c.t('transparency.chartHidden', { n: 10 })}` : ''}
            </figcaption>
          </figure>
        ) : null}
        <DataTable c={c} table={table} captionHidden />
      </div>
      <Downloads c={c} table={table} />
    </section>
  );
}
