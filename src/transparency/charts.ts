import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { PublishedTable } from './figures.ts';

/**
 * Charts drawn on the server as SVG (Observable Plot over linkedom's DOM), so pages need no script.
 * Each chart sits beside its data table, which is what assistive technology reads: the SVG is one
 * image with a label. Hidden (suppressed) figures are not drawn.
 */

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');

const BAR = '#2f6db5';
const SERIES = ['#2f6db5', '#b5482f', '#2f8a4c', '#7a3fb5'];

/** Plot's inline <style> and style attributes would break the page's CSP: its CSS is in transparency.css. */
function finish(svg: Element, label: string): string {
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const el of [svg, ...svg.querySelectorAll('[style]')]) el.removeAttribute('style');
  // axe: aria-label is not allowed on a <g> without a role.
  for (const g of [...svg.querySelectorAll('g[aria-label]')]) g.setAttribute('role', 'group');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'chart');
  return svg.outerHTML;
}

const memo = new Map<string, string>();
/** Charts are pure functions of their data: drawn once per distinct table and label. */
function remember(key: string, draw: () => string): string {
  let svg = memo.get(key);
  if (svg === undefined) {
    svg = draw();
    if (memo.size > 500) memo.clear();
    memo.set(key, svg);
  }
  return svg;
}

/** A horizontal bar chart of the first column of a table (total row left out). */
export function barChart(table: PublishedTable, label: string, column = table.columns[0]!.key): string {
  return remember(`bar\u0000${label}\u0000${JSON.stringify(table.rows)}`, () =>
    drawBars(table, label, column),
  );
}

function drawBars(table: PublishedTable, label: string, column: string): string {
  const data = table.rows
    .filter((r) => !r.total && r.cells[column]?.value !== null && r.cells[column]?.value !== undefined)
    .map((r) => ({ label: r.label, value: r.cells[column]!.value as number }));
  const svg = Plot.plot({
    document,
    width: 640,
    height: Math.max(80, 28 * data.length + 40),
    marginLeft: 220,
    x: { grid: true, label: null },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: BAR }),
      Plot.text(data, { x: 'value', y: 'label', text: (d: { value: number }) => String(d.value), dx: 14 }),
      Plot.ruleX([0]),
    ],
  }) as unknown as Element;
  return finish(svg, label);
}

/** A line per column over the rows (months), total row left out; gaps where figures are hidden. */
export function lineChart(table: PublishedTable, label: string, legend: (key: string) => string): string {
  return remember(
    `line\u0000${label}\u0000${JSON.stringify(table.columns)}${JSON.stringify(table.rows)}`,
    () => drawLines(table, label, legend),
  );
}

function drawLines(table: PublishedTable, label: string, legend: (key: string) => string): string {
  const rows = table.rows.filter((r) => !r.total);
  const data = table.columns.flatMap((column) =>
    rows.map((r, i) => ({
      i,
      month: r.key,
      series: legend(column.key),
      value: r.cells[column.key]?.value ?? Number.NaN,
    })),
  );
  const svg = Plot.plot({
    document,
    width: 640,
    height: 260,
    marginLeft: 50,
    x: {
      label: null,
      type: 'point',
      domain: rows.map((r) => r.key),
      tickFormat: (d: string) => d,
      ticks:
        rows.length > 12
          ? rows.filter((_, i) => i % Math.ceil(rows.length / 12) === 0).map((r) => r.key)
          : undefined,
    },
    y: { grid: true, label: null },
    color: { legend: false, range: SERIES, domain: table.columns.map((c) => legend(c.key)) },
    marks: [
      Plot.line(data, { x: 'month', y: 'value', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(data, { x: 'month', y: 'value', fill: 'series', r: 3 }),
      Plot.ruleY([0]),
    ],
  }) as unknown as Element;
  return finish(svg, label);
}

/** The colours of the line chart's series, for the legend drawn in HTML beside it. */
export const seriesColours = SERIES;
