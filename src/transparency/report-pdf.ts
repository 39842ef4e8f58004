import fontkit from '@pdf-lib/fontkit';
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { FontBook, type Weight } from '../credentials/pdf/fonts.ts';

/**
 * The yearly report as a PDF: A4 pages of headings, paragraphs and tables, in any left-to-right
 * script the platform ships (Noto fonts per character, subset to the document's text, as the
 * certificate does). Right-to-left languages are not laid out here; their page links the English PDF.
 */

export type ReportBlock =
  | { kind: 'title' | 'heading' | 'paragraph' | 'note'; text: string }
  | { kind: 'table'; title: string; header: string[]; rows: { cells: string[]; total?: boolean }[] };

export interface ReportPdfInput {
  locale: string;
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

/** Splits text into runs that one font draws. */
function runs(book: FontBook, text: string, weight: Weight): { text: string; font: PDFFont }[] {
  const out: { text: string; font: PDFFont }[] = [];
  for (const ch of text) {
    const font = book.fontFor(ch, weight);
    const last = out.at(-1);
    if (last && last.font === font) last.text += ch;
    else out.push({ text: ch, font });
  }
  return out;
}

function widthOf(book: FontBook, text: string, size: number, weight: Weight): number {
  return runs(book, text, weight).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
}

/** Breaks at spaces, and between any two characters of a word too long for the line (CJK). */
function wrap(book: FontBook, text: string, size: number, weight: Weight, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.split(/(\s+)/)) {
    if (!token) continue;
    const candidate = line + token;
    if (widthOf(book, candidate, size, weight) <= max) {
      line = candidate;
      continue;
    }
    if (line.trim()) lines.push(line.trim());
    line = '';
    if (/^\s+$/.test(token)) continue;
    for (const ch of token) {
      if (widthOf(book, line + ch, size, weight) > max && line) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line.trim()) lines.push(line.trim());
  return lines.length ? lines : [''];
}

export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(input.title);
  doc.setAuthor(input.author);
  doc.setLanguage(input.locale);
  doc.setCreator('Praxis');
  doc.setProducer('Praxis');
  const book = new FontBook(input.locale);
  for (const block of input.blocks) {
    if (block.kind === 'table') {
      book.add(block.title, 600);
      for (const h of block.header) book.add(h, 600);
      for (const row of block.rows) for (const cell of row.cells) book.add(cell, row.total ? 600 : 400);
    } else {
      book.add(block.text, STYLE[block.kind].weight);
    }
  }
  await book.embed(doc);

  let page: PDFPage = doc.addPage([PAGE_W, PAGE_H]);
  let y = PAGE_H - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = doc.addPage([PAGE_W, PAGE_H]);
      y = PAGE_H - MARGIN;
    }
  };
  const draw = (text: string, x: number, size: number, weight: Weight, color = INK) => {
    let at = x;
    for (const run of runs(book, text, weight)) {
      page.drawText(run.text, { x: at, y, size, font: run.font, color });
      at += run.font.widthOfTextAtSize(run.text, size);
    }
  };

  for (const block of input.blocks) {
    if (block.kind !== 'table') {
      const { size, weight, gap } = STYLE[block.kind];
      const lines = wrap(book, block.text, size, weight, WIDTH);
      if (block.kind === 'heading') ensure(size * 1.4 * 2 + gap);
      y -= gap / 2;
      for (const line of lines) {
        ensure(size * 1.4);
        y -= size * 1.2;
        draw(line, MARGIN, size, weight, block.kind === 'note' ? MUTED : INK);
        y -= size * 0.2;
      }
      y -= gap / 2;
      continue;
    }
    // A table: the first column takes what the numbers leave; numbers are right-aligned.
    const size = 9;
    const valueWidth = Math.min(95, (WIDTH * 0.55) / Math.max(1, block.header.length - 1));
    const labelWidth = WIDTH - valueWidth * (block.header.length - 1);
    const drawRow = (cells: string[], weight: Weight) => {
      const label = wrap(book, cells[0] ?? '', size, weight, labelWidth - 6);
      const heads = cells.slice(1).map((cell) => wrap(book, cell, size, weight, valueWidth - 4));
      const height = Math.max(label.length, ...heads.map((h) => h.length)) * size * 1.3;
      ensure(height + 2);
      const top = y;
      label.forEach((line, i) => {
        y = top - (i + 1) * size * 1.3;
        draw(line, MARGIN, size, weight);
      });
      heads.forEach((lines, col) => {
        lines.forEach((line, i) => {
          y = top - (i + 1) * size * 1.3;
          const right = MARGIN + labelWidth + valueWidth * (col + 1);
          draw(line, right - widthOf(book, line, size, weight), size, weight);
        });
      });
      y = top - height - 2;
    };
    ensure(60);
    y -= 6;
    y -= 11;
    draw(block.title, MARGIN, 11, 600);
    y -= 6;
    drawRow(block.header, 600);
    page.drawLine({
      start: { x: MARGIN, y: y + 1 },
      end: { x: MARGIN + WIDTH, y: y + 1 },
      thickness: 0.5,
      color: MUTED,
    });
    for (const row of block.rows) drawRow(row.cells, row.total ? 600 : 400);
    y -= 8;
  }
  return doc.save();
}
