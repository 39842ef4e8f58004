// The yearly report PDF in every interface language: Arabic laid out right to left with its words
// extractable in reading order, figures readable, every script drawn, small files. Text extraction
// uses poppler's pdftotext (poppler-utils), as the certificate tests do.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageSizes, PDFDocument, PDFName } from 'pdf-lib';
import { layoutText, type Word, words } from '../../test/support/pdf.ts';
import { LOCALES, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import type { PublishedColumn } from './figures.ts';
import { type ReportBlock, renderReportPdf } from './report-pdf.ts';
import { formatCell } from './views/figure-table.tsx';

const YEAR = 2026;
const [PAGE_W] = PageSizes.A4;

/** A statement as an admin would write it in each language. */
const STATEMENTS: Record<Locale, string> = {
  en: 'We checked every page against WCAG 2.2 AA; 98% of them pass.',
  ko: '모든 페이지를 WCAG 2.2 AA 기준으로 점검했으며, 98%가 통과했습니다.',
  ar: 'فحصنا كل الصفحات وفق معيار WCAG 2.2 AA، ونجحت 98% منها.',
  zh: '我们按照 WCAG 2.2 AA 检查了所有页面，98% 的页面符合要求。',
  fr: 'Nous avons vérifié chaque page selon le référentiel WCAG 2.2 AA ; 98 % d’entre elles sont conformes.',
  ru: 'Мы проверили все страницы на соответствие WCAG 2.2 AA; 98 % из них соответствуют требованиям.',
  es: 'Revisamos todas las páginas según WCAG 2.2 AA; el 98 % las cumple.',
};

const COUNT: PublishedColumn = { key: 'value', label: '', kind: 'count' };
const RATE: PublishedColumn = { key: 'rate', label: '', kind: 'rate' };

/** The report's blocks as the route builds them: localized headings, formatted figures, statements. */
function blocks(locale: Locale, statement = STATEMENTS[locale]): ReportBlock[] {
  const t = translator(locale);
  const c = { t, locale };
  const figure = (value: number | null, column = COUNT) =>
    formatCell(c, column, { value, suppressed: value === null });
  return [
    { kind: 'title', text: t('transparency.report.title', { year: YEAR }) },
    { kind: 'paragraph', text: t('transparency.report.intro', { year: YEAR }) },
    {
      kind: 'table',
      title: t('transparency.col.stakeholder'),
      header: [t('transparency.col.stakeholder'), t('transparency.metric.registrations'), '%'],
      rows: [
        { cells: [t('transparency.metric.registrations'), figure(12345), figure(0.123, RATE)] },
        { cells: [t('transparency.metric.certificates'), figure(null), figure(0.5, RATE)] },
        { cells: [t('transparency.metric.learners'), figure(25), figure(1, RATE)], total: true },
      ],
    },
    { kind: 'note', text: t('transparency.report.snapshotNote', { date: `${YEAR}-11-26` }) },
    { kind: 'heading', text: t('transparency.report.sections.accessibility') },
    { kind: 'paragraph', text: statement },
    { kind: 'heading', text: t('transparency.report.sections.privacy') },
    { kind: 'paragraph', text: t('transparency.report.noStatement') },
    { kind: 'heading', text: t('transparency.methodology.title') },
    { kind: 'note', text: t('transparency.methodology.counted') },
    { kind: 'note', text: t('transparency.methodology.suppression', { n: 10 }) },
    { kind: 'note', text: t('transparency.methodology.complementary') },
  ];
}

async function render(locale: Locale, statement?: string): Promise<Uint8Array> {
  const t = translator(locale);
  return renderReportPdf({
    locale,
    title: t('transparency.report.title', { year: YEAR }),
    author: 'Praxis Open Learning Foundation',
    blocks: blocks(locale, statement),
  });
}

const squash = (s: string) => s.replace(/\s+/g, '');
const centre = (w: Word) => (w.yMin + w.yMax) / 2;

test('Arabic: headings, statements and labels extract whole and in reading order', async () => {
  const t = translator('ar');
  const text = layoutText(await render('ar'));
  for (const expected of [
    `تقرير المساءلة لعام ${YEAR}`,
    t('transparency.report.sections.accessibility'),
    t('transparency.report.sections.privacy'),
    t('transparency.methodology.title'),
    t('transparency.report.noStatement'),
    t('transparency.metric.registrations'),
    t('transparency.metric.certificates'),
    'فحصنا كل الصفحات وفق معيار',
    'ونجحت',
  ]) {
    assert.ok(text.includes(expected), `${JSON.stringify(expected)} not in:\n${text}`);
  }
  // Not backwards, and the dots Noto Sans Arabic splits off its letters come back with them.
  assert.ok(!text.includes([...t('transparency.report.sections.privacy')].reverse().join('')));
  // A shadda in the text stays on its letter (methodology.title: كيف تُعدّ هذه الأرقام).
  assert.ok(text.includes('تُعدّ'), text);
});

test('Arabic: figures stay readable, and tables and paragraphs are laid out right to left', async () => {
  const t = translator('ar');
  const pdf = await render('ar');
  const text = layoutText(pdf);
  // Digits are never reversed; the suppressed figure reads as "fewer than 10".
  for (const expected of ['12,345', '12.3%', '25', '100%', 'أقل من 10', 'WCAG 2.2 AA']) {
    assert.ok(text.includes(expected), `${JSON.stringify(expected)} not in:\n${text}`);
  }
  assert.ok(!text.includes('543,21'));

  const all = words(pdf, { firstPage: true });
  const find = (s: string) => {
    const w = all.find((x) => x.text === s);
    assert.ok(w, `${s} not among ${all.map((x) => x.text).join(' ')}`);
    return w;
  };
  // The title and paragraphs start at the right margin.
  const yearWord = find(String(YEAR));
  const titleLine = all.filter((w) => Math.abs(centre(w) - centre(yearWord)) < 4);
  assert.ok(Math.max(...titleLine.map((w) => w.xMax)) > PAGE_W - 60, JSON.stringify(titleLine));
  assert.ok(Math.min(...titleLine.map((w) => w.xMin)) > PAGE_W / 2, JSON.stringify(titleLine));
  // In a table row the label is on the right and the figures to its left, in column order; read
  // right to left, the row's Arabic glyphs spell the label.
  const count = find('12,345');
  const row = all.filter((w) => Math.abs(centre(w) - centre(count)) < 4);
  const label = row.filter((w) => /\p{Script=Arabic}/u.test(w.text));
  const rate = row.find((w) => w.text.includes('12.3'));
  assert.ok(rate && rate.xMax < count.xMin, JSON.stringify(row));
  assert.ok(label.length && label.every((w) => w.xMin > count.xMax), JSON.stringify(row));
  assert.equal(
    squash(
      [...label]
        .sort((a, b) => b.xMin - a.xMin)
        .map((w) => w.text)
        .join(''),
    ),
    squash(t('transparency.metric.registrations')),
  );
  assert.ok(Math.max(...label.map((w) => w.xMax)) > PAGE_W - 60);
});

test('Arabic: an English statement shown until a translation exists keeps its own direction', async () => {
  const english = 'All pages pass WCAG 2.2 AA. See the notice.';
  const pdf = await render('ar', english);
  assert.ok(layoutText(pdf).includes(english));
  const see = words(pdf, { firstPage: true }).find((w) => w.text === 'All');
  assert.ok(see && see.xMin < 60, JSON.stringify(see));
});

test('every language renders A4 pages with its text, figures and metadata, small and quickly', async () => {
  for (const locale of LOCALES) {
    const t = translator(locale);
    const started = performance.now();
    const pdf = await render(locale);
    const ms = performance.now() - started;
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-', locale);
    assert.ok(pdf.length < 150_000, `${locale}: ${pdf.length} bytes`);
    // The first render also loads HarfBuzz and the woff2 decoder.
    assert.ok(ms < 10_000, `${locale}: ${Math.round(ms)} ms`);

    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842], locale);
    assert.equal(doc.getTitle(), t('transparency.report.title', { year: YEAR }));
    assert.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), `(${locale})`);

    const text = layoutText(pdf);
    const flat = squash(text);
    for (const expected of [
      t('transparency.report.title', { year: YEAR }),
      t('transparency.report.sections.accessibility'),
      t('transparency.metric.registrations'),
      t('transparency.fewerThan', { n: 10 }),
      // Grouping as the language writes it: 12,345 / 12.345 / 12 345, whose no-break space once made
      // fontkit read past the end of the subset font (fonts.ts, padTrailingEmptyGlyph).
      new Intl.NumberFormat(locale).format(12345),
    ]) {
      assert.ok(flat.includes(squash(expected)), `${locale}: ${JSON.stringify(expected)} not in:\n${text}`);
    }
    // (poppler puts the neutral characters of mixed Arabic and Latin text in its own order)
    if (locale !== 'ar') {
      assert.ok(flat.includes(squash(STATEMENTS[locale])), `${locale}: statement not in:\n${text}`);
      assert.ok(flat.includes(squash(t('transparency.methodology.counted'))), `${locale}: methodology`);
    }
  }
});
