import fontkit from '@pdf-lib/fontkit';
import { PageSizes, PDFDocument, type PDFPage, type RGB, rgb } from 'pdf-lib';
import { FontBook, type Weight } from '../credentials/pdf/fonts.ts';
import {
  type BaseDir,
  drawPieces,
  type Line,
  type Paragraph,
  Typesetter,
} from '../credentials/pdf/typesetter.ts';
import { direction, type Locale } from '../platform/i18n/locales.ts';

/**
 * The yearly report as a PDF: A4 pages of headings, paragraphs and tables in any of the platform's
 * languages, typeset as the certificate is (Noto fonts per character subset to the document's text,
 * Arabic joined and put in visual order by the Unicode Bidirectional Algorithm). A right-to-left
 * report is the mirror image of a left-to-right one: text starts at the right margin and a table's
 * label column is on the right, its figures to the left.
 */

export type ReportBlock =
  | { kind: 'title' | 'heading' | 'paragraph' | 'note'; text: string }
  | { kind: 'table'; title: string; header: string[]; rows: { cells: string[]; total?: boolean }[] };

export interface ReportPdfInput {
  locale: Locale;
  title: string;
  author: string;
  blocks: ReportBlock[];
}

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 50;
const WIDTH = PAGE_W - 2 * MARGIN;
const INK = rgb(0.12, 0.15, 0.2);
const MUTED = rgb(0.37, 0.41, 0.46);
const STYLE = {
  title: { size: 20, weight: 600 as Weight, gap: 14 },
  heading: { size: 13, weight: 600 as Weight, gap: 8 },
  paragraph: { size: 10, weight: 400 as Weight, gap: 6 },
  note: { size: 8.5, weight: 400 as Weight, gap: 6 },
};
const TABLE_SIZE = 9;
const TABLE_TITLE_SIZE = 11;

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

type Prepared =
  | { kind: 'title' | 'heading' | 'paragraph' | 'note'; p: Paragraph; rtl: boolean }
  | { kind: 'table'; title: Paragraph; header: Paragraph[]; rows: Paragraph[][] };

export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(input.title);
  doc.setAuthor(input.author);
  doc.setLanguage(input.locale);
  doc.setCreator('Praxis');
  doc.setProducer('Praxis');
  const rtl = direction(input.locale) === 'rtl';

  // Every string first, so that each font is subset once to exactly the characters drawn.
  const book = new FontBook(input.locale);
  const ts = new Typesetter(book);
  // In a right-to-left report, text without right-to-left letters (an English statement shown
  // until a translation exists) keeps its own direction, so its punctuation stays at its end.
  const baseDir = (text: string): BaseDir => (rtl && RTL_LETTER.test(text) ? 'rtl' : 'ltr');
  const para = (text: string, weight: Weight) => ts.paragraph(text, weight, baseDir(text));
  const prepared: Prepared[] = input.blocks.map((block) =>
    block.kind === 'table'
      ? {
          kind: 'table',
          title: para(block.title, 600),
          header: block.header.map((h) => para(h, 600)),
          rows: block.rows.map((row) => row.cells.map((cell) => para(cell, row.total ? 600 : 400))),
        }
      : {
          kind: block.kind,
          p: para(block.text, STYLE[block.kind].weight),
          rtl: baseDir(block.text) === 'rtl',
        },
  );
  await book.embed(doc);

  let page: PDFPage = doc.addPage([PAGE_W, PAGE_H]);
  let y = PAGE_H - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = doc.addPage([PAGE_W, PAGE_H]);
      y = PAGE_H - MARGIN;
    }
  };
  /** The left edge of something `width` wide placed at `x` in a left-to-right report, mirrored for RTL. */
  const mirror = (x: number, width: number) => (rtl ? PAGE_W - x - width : x);
  /** Draws one line of a paragraph on the baseline y with its left edge where `left` says. */
  const drawLine = (
    p: Paragraph,
    line: Line,
    size: number,
    left: (width: number) => number,
    color: RGB = INK,
  ) => {
    const pieces = ts.pieces(p, line, size);
    const width = pieces.reduce((sum, piece) => sum + piece.width, 0);
    drawPieces(page, pieces, left(width), y, size, color);
  };

  for (const block of prepared) {
    if (block.kind !== 'table') {
      const { size, gap } = STYLE[block.kind];
      const lines = ts.wrap(block.p, size, WIDTH);
      if (block.kind === 'heading') ensure(size * 1.4 * 2 + gap);
      y -= gap / 2;
      for (const line of lines) {
        ensure(size * 1.4);
        y -= size * 1.2;
        // Each paragraph starts at the margin of its own direction.
        const left = (width: number) => (block.rtl ? PAGE_W - MARGIN - width : MARGIN);
        drawLine(block.p, line, size, left, block.kind === 'note' ? MUTED : INK);
        y -= size * 0.2;
      }
      y -= gap / 2;
      continue;
    }
    // A table: the label column takes what the figures leave; figures are aligned to the end side.
    const size = TABLE_SIZE;
    const columns = block.header.length;
    const valueWidth = Math.min(95, (WIDTH * 0.55) / Math.max(1, columns - 1));
    const labelWidth = WIDTH - valueWidth * (columns - 1);
    const drawRow = (cells: Paragraph[]) => {
      const [label, ...values] = cells;
      const labelLines = label ? ts.wrap(label, size, labelWidth - 6) : [];
      const valueLines = values.map((cell) => ts.wrap(cell, size, valueWidth - 4));
      const height = Math.max(1, labelLines.length, ...valueLines.map((l) => l.length)) * size * 1.3;
      ensure(height + 2);
      const top = y;
      labelLines.forEach((line, i) => {
        y = top - (i + 1) * size * 1.3;
        drawLine(label!, line, size, (width) => mirror(MARGIN, width));
      });
      valueLines.forEach((lines, col) => {
        const right = MARGIN + labelWidth + valueWidth * (col + 1);
        lines.forEach((line, i) => {
          y = top - (i + 1) * size * 1.3;
          drawLine(values[col]!, line, size, (width) => mirror(right - width, width));
        });
      });
      y = top - height - 2;
    };
    ensure(60);
    y -= 6;
    ts.wrap(block.title, TABLE_TITLE_SIZE, WIDTH).forEach((line, i) => {
      y -= TABLE_TITLE_SIZE * (i === 0 ? 1 : 1.3);
      drawLine(block.title, line, TABLE_TITLE_SIZE, (width) => mirror(MARGIN, width));
    });
    y -= 6;
    drawRow(block.header);
    page.drawLine({
      start: { x: MARGIN, y: y + 1 },
      end: { x: MARGIN + WIDTH, y: y + 1 },
      thickness: 0.5,
      color: MUTED,
    });
    for (const row of block.rows) drawRow(row);
    y -= 8;
  }
  return doc.save();
}
