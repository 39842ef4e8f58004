// Typesetting for the platform's PDFs: paragraphs in any of its scripts, broken into lines and
// drawn with the fonts of a FontBook (fonts.ts).
//
// Right-to-left and mixed-direction text goes through the Unicode Bidirectional Algorithm (bidi-js):
// each line is broken in logical order, then its runs are put in visual order. Arabic runs are
// handed to fontkit in logical order so that it can join the letters; fontkit then lays the glyphs
// out right to left itself.

import type { Font as FontkitFont } from '@pdf-lib/fontkit';
import type { EmbeddingLevels } from 'bidi-js';
import bidiModule from 'bidi-js';
import {
  beginText,
  endText,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import { FEATURES, type FontBook, isCjk, type Weight } from './fonts.ts';

// bidi-js is CommonJS whose typings declare an ES default export; under Node's ESM interop the
// default import is the factory itself.
type BidiFactory = typeof bidiModule.default;
const bidiFactory: BidiFactory =
  typeof bidiModule === 'function' ? (bidiModule as unknown as BidiFactory) : bidiModule.default;
const bidi = bidiFactory();

// ---------------------------------------------------------------------------------------------
// Text: paragraphs, line breaking, visual runs

export type BaseDir = 'ltr' | 'rtl' | 'auto';

/** Format characters that steer the bidi algorithm or line breaking but are never drawn. */
const INVISIBLE = /^[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]$/u;
/** The first character of a string that belongs to a real script (as fontkit detects the run's script). */
const FIRST_SCRIPT_CHAR = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
/** Scripts for which fontkit reverses the glyphs of a run (it lays them out right to left). */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Characters a line must not start with (closing punctuation, CJK small marks). */
const NO_BREAK_BEFORE = new Set([
  ...')]}»›,.:;!?%\u2019\u201d\u2026\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\u30fb\u30fc\u3005\u309d\u309e\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d',
]);
/** Characters a line must not end with (opening punctuation). */
const NO_BREAK_AFTER = new Set([
  ...'([{«‹\u2018\u201c\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\uff08\uff3b\uff5b',
]);

export interface Paragraph {
  text: string;
  weight: Weight;
  levels: EmbeddingLevels;
  /** Width at size 1 of each breakable segment, and of its trailing spaces. */
  segments?: Array<{ start: number; end: number; width: number; trailing: number }>;
}

export interface Line {
  start: number;
  end: number;
  /** Width at size 1. */
  width: number;
}

export interface Piece {
  text: string;
  font: PDFFont;
  width: number;
  /** Set when the glyphs must be placed one by one from the font's positioning (Arabic). */
  shaper?: FontkitFont;
}

export function cleanText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\t\n\v\f\r \u2028\u2029]+/g, ' ')
    .trim();
}

function reverseCodePoints(s: string): string {
  return [...s].reverse().join('');
}

/** Whether fontkit will lay this run out right to left (it reverses the glyphs it returns). */
function fontkitReverses(run: string): boolean {
  const first = FIRST_SCRIPT_CHAR.exec(run);
  return first !== null && RTL_SCRIPT.test(first[0]);
}

const isSpace = (ch: string) => ch === ' ' || ch === '\u3000';

/** Where a line may start (UTF-16 offsets, excluding 0): after spaces, around CJK characters. */
function breakOpportunities(text: string): number[] {
  const out: number[] = [];
  let prev = '';
  let offset = 0;
  for (const ch of text) {
    if (offset > 0 && !isSpace(ch)) {
      if (isSpace(prev)) out.push(offset);
      else if (!NO_BREAK_BEFORE.has(ch) && !NO_BREAK_AFTER.has(prev)) {
        const a = prev.codePointAt(0)!;
        const b = ch.codePointAt(0)!;
        if (isCjk(a) || isCjk(b)) out.push(offset);
      }
    }
    prev = ch;
    offset += ch.length;
  }
  return out;
}

/** Draws and measures paragraphs with the fonts of one document. */
export class Typesetter {
  private readonly book: FontBook;

  constructor(book: FontBook) {
    this.book = book;
  }

  /** Advance width of a run; for fonts that need shaping, with the font's own positioning. */
  width(font: PDFFont, text: string, size: number): number {
    const shaper = this.book.shaperOf(font);
    if (!shaper) return font.widthOfTextAtSize(text, size);
    const { positions } = shaper.layout(text, { ...FEATURES });
    return (positions.reduce((sum, pos) => sum + pos.xAdvance, 0) * size) / shaper.unitsPerEm;
  }

  /** Prepares a paragraph and registers its characters (and their mirrored forms) with the fonts. */
  paragraph(raw: string, weight: Weight, dir: BaseDir): Paragraph {
    const text = cleanText(raw);
    const levels = bidi.getEmbeddingLevels(text, dir);
    this.book.add(text, weight);
    const mirrored = [...bidi.getMirroredCharactersMap(text, levels.levels).values()].join('');
    if (mirrored) this.book.add(mirrored, weight);
    return { text, weight, levels };
  }

  /** Width at size 1 of text[start, end), shaped run by run in logical order. */
  private measure(p: Paragraph, start: number, end: number): number {
    let width = 0;
    let run = '';
    let runFont: PDFFont | undefined;
    let runOdd = 0;
    const flush = () => {
      if (runFont && run) width += this.width(runFont, run, 1);
      run = '';
    };
    for (let i = start; i < end; ) {
      const ch = String.fromCodePoint(p.text.codePointAt(i)!);
      const odd = p.levels.levels[i]! & 1;
      i += ch.length;
      if (INVISIBLE.test(ch)) {
        flush();
        continue;
      }
      const font = this.book.fontFor(ch, p.weight);
      if (font !== runFont || odd !== runOdd) {
        flush();
        runFont = font;
        runOdd = odd;
      }
      run += ch;
    }
    flush();
    return width;
  }

  private segments(p: Paragraph): NonNullable<Paragraph['segments']> {
    if (p.segments) return p.segments;
    const bounds = [0, ...breakOpportunities(p.text), p.text.length];
    const segments: NonNullable<Paragraph['segments']> = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k]!;
      const end = bounds[k + 1]!;
      let contentEnd = end;
      while (contentEnd > start && isSpace(p.text[contentEnd - 1]!)) contentEnd--;
      const width = this.measure(p, start, end);
      segments.push({ start, end, width, trailing: width - this.measure(p, start, contentEnd) });
    }
    p.segments = segments;
    return segments;
  }

  /** Breaks a paragraph into lines no wider than maxWidth at the given size. */
  wrap(p: Paragraph, size: number, maxWidth: number): Line[] {
    if (p.text === '') return [];
    const limit = maxWidth / size;
    const lines: Line[] = [];
    let current: Line | undefined;
    let currentTrailing = 0;
    const push = (seg: { start: number; end: number; width: number; trailing: number }) => {
      if (current && current.width - currentTrailing + seg.width - seg.trailing <= limit) {
        current.end = seg.end;
        current.width += seg.width;
      } else {
        if (current) lines.push(current);
        current = { start: seg.start, end: seg.end, width: seg.width };
      }
      currentTrailing = seg.trailing;
    };
    for (const seg of this.segments(p)) {
      if (seg.width - seg.trailing <= limit) {
        push(seg);
        continue;
      }
      // A word wider than the line: break it between grapheme clusters.
      const graphemes = [
        ...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(
          p.text.slice(seg.start, seg.end),
        ),
      ];
      for (const g of graphemes) {
        const start = seg.start + g.index;
        const end = start + g.segment.length;
        const width = this.measure(p, start, end);
        push({ start, end, width, trailing: isSpace(g.segment) ? width : 0 });
      }
    }
    if (current) lines.push(current);
    // Trailing spaces do not count (and are not drawn).
    for (const line of lines) {
      let end = line.end;
      while (end > line.start && isSpace(p.text[end - 1]!)) end--;
      if (end !== line.end) {
        line.width = this.measure(p, line.start, end);
        line.end = end;
      }
    }
    return lines;
  }

  /** The runs of one line in visual order (left to right), each as the string to give pdf-lib. */
  pieces(p: Paragraph, line: Line, size: number): Piece[] {
    const { start, end } = line;
    if (end <= start) return [];
    const order: number[] = [];
    for (let i = start; i < end; i++) order.push(i);
    for (const [a, b] of bidi.getReorderSegments(p.text, p.levels, start, end - 1)) {
      const flipped = order.slice(a! - start, b! - start + 1).reverse();
      order.splice(a! - start, flipped.length, ...flipped);
    }
    const mirrors = bidi.getMirroredCharactersMap(p.text, p.levels.levels, start, end - 1);

    const pieces: Piece[] = [];
    let run = '';
    let runFont: PDFFont | undefined;
    let runOdd = -1;
    const flush = () => {
      if (runFont && run) {
        // fontkit lays Arabic out right to left itself, so give it such runs in logical order.
        const text = fontkitReverses(run) ? reverseCodePoints(run) : run;
        const shaper = this.book.shaperOf(runFont);
        pieces.push({
          text,
          font: runFont,
          width: this.width(runFont, text, size),
          ...(shaper && { shaper }),
        });
      }
      run = '';
    };
    for (const i of order) {
      const unit = p.text.charCodeAt(i);
      // A surrogate pair is emitted whole at its high half, whichever order the halves now have.
      if (unit >= 0xdc00 && unit <= 0xdfff && i > start && isHighSurrogate(p.text.charCodeAt(i - 1)))
        continue;
      const ch = mirrors.get(i) ?? String.fromCodePoint(p.text.codePointAt(i)!);
      if (INVISIBLE.test(ch)) continue;
      const font = this.book.fontFor(ch, p.weight);
      const odd = p.levels.levels[i]! & 1;
      if (font !== runFont || odd !== runOdd) {
        flush();
        runFont = font;
        runOdd = odd;
      }
      run += ch;
    }
    flush();
    return pieces;
  }
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

// ---------------------------------------------------------------------------------------------
// Drawing

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

interface GlyphStep {
  glyph: number;
  /** The text the glyph stands for (its ActualText). */
  text: string;
  /** Draw an invisible copy at this glyph's origin instead (see glyphPlan). */
  hiddenAt?: number;
}

/**
 * How to draw a shaped run's glyphs so that text extraction gets its characters back, or
 * undefined when glyphs and characters cannot be matched up.
 *
 * Arabic fonts split dots and hamza off the letters as mark glyphs and draw several letters with
 * one dotless body, so a glyph-to-Unicode table cannot give the text back. Each glyph therefore
 * gets its own ActualText of at most one character (so it does not matter whether a reader takes
 * ActualText in logical or visual order): the letter for its body, nothing for marks. A combining
 * mark the text had (a shadda, say) is carried by an invisible copy of its glyph at the letter's
 * origin, drawn next to the letter in visual order, which is where extractors that order
 * characters by position (poppler) expect it; the visible mark sits where GPOS puts it.
 */
function glyphPlan(text: string, advances: number[], reversed: boolean): GlyphStep[] | undefined {
  const chars = text.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [];
  const count = advances.length;
  const clusters: number[][] = [];
  for (let k = 0; k < count; k++) {
    const g = reversed ? count - 1 - k : k;
    if (advances[g] !== 0 || clusters.length === 0) clusters.push([g]);
    else clusters.at(-1)!.push(g);
  }
  if (clusters.length !== chars.length) return undefined;
  const plan: GlyphStep[] = [];
  for (const [k, cluster] of clusters.entries()) {
    const [base = '', ...marks] = [...chars[k]!];
    const [body, ...rest] = cluster as [number, ...number[]];
    // A decomposed letter puts its split-off parts right after its body, before the text's marks.
    const split = rest.length - marks.length;
    if (split < 0) return undefined;
    const hidden = marks.map(
      (mark, m): GlyphStep => ({ glyph: rest[split + m]!, text: mark, hiddenAt: body }),
    );
    const letter: GlyphStep = { glyph: body, text: base };
    plan.push(...(reversed ? [...hidden.reverse(), letter] : [letter, ...hidden]));
    for (const glyph of rest) plan.push({ glyph, text: '' });
  }
  return plan;
}

/**
 * Draws a run glyph by glyph at the positions the font's GPOS gives (pdf-lib's drawText uses
 * advance widths only, which leaves Arabic dots and marks out of place), each glyph in its own
 * ActualText span (see glyphPlan).
 */
function drawShaped(
  page: PDFPage,
  piece: Piece,
  shaper: FontkitFont,
  x: number,
  y: number,
  size: number,
  color: RGB,
): void {
  const keys = fontKeys.get(page) ?? new Map<PDFFont, PDFName>();
  fontKeys.set(page, keys);
  const key = keys.get(piece.font) ?? page.node.newFontDictionary(piece.font.name, piece.font.ref);
  keys.set(piece.font, key);

  const codes = piece.font.encodeText(piece.text).asString();
  const { positions } = shaper.layout(piece.text, { ...FEATURES });
  if (codes.length !== positions.length * 4) {
    page.drawText(piece.text, { x, y, size, font: piece.font, color });
    return;
  }
  const scale = size / shaper.unitsPerEm;
  const origins: Array<[number, number]> = [];
  let pen = 0;
  for (const pos of positions) {
    origins.push([round(x + (pen + pos.xOffset) * scale), round(y + pos.yOffset * scale)]);
    pen += pos.xAdvance;
  }
  const plan = glyphPlan(
    piece.text,
    positions.map((pos) => pos.xAdvance),
    fontkitReverses(piece.text),
  );

  // The property list is written inline (pdf-lib takes raw strings as operator arguments).
  const span = (actualText: string) =>
    PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
      PDFName.of('Span'),
      `<</ActualText ${PDFHexString.fromText(actualText).toString()}>>`,
    ]);
  const endSpan = PDFOperator.of(PDFOperatorNames.EndMarkedContent);
  const glyph = (i: number, at = i) => [
    setTextMatrix(1, 0, 0, 1, origins[at]![0], origins[at]![1]),
    showText(PDFHexString.of(codes.slice(i * 4, i * 4 + 4))),
  ];

  const ops: PDFOperator[] = [
    pushGraphicsState(),
    beginText(),
    setFillingColor(color),
    setFontAndSize(key, size),
  ];
  if (plan) {
    for (const step of plan) {
      if (step.hiddenAt === undefined) ops.push(span(step.text), ...glyph(step.glyph), endSpan);
      else {
        ops.push(
          span(step.text),
          setTextRenderingMode(TextRenderingMode.Invisible),
          ...glyph(step.glyph, step.hiddenAt),
          setTextRenderingMode(TextRenderingMode.Fill),
          endSpan,
        );
      }
    }
  } else {
    // No glyph-by-glyph match (a ligature, say): the whole run carries its text, in logical order.
    ops.push(span(piece.text));
    for (let i = 0; i < positions.length; i++) ops.push(...glyph(i));
    ops.push(endSpan);
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Draws the pieces of one line (Typesetter.pieces) left to right from x, on the baseline y. */
export function drawPieces(
  page: PDFPage,
  pieces: Piece[],
  x: number,
  y: number,
  size: number,
  color: RGB,
): void {
  let cursor = x;
  for (const piece of pieces) {
    if (piece.shaper) drawShaped(page, piece, piece.shaper, cursor, y, size, color);
    else page.drawText(piece.text, { x: cursor, y, size, font: piece.font, color });
    cursor += piece.width;
  }
}
