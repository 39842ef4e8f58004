// The printable certificate: one A4 landscape page with the learner's name, the course, what was
// achieved, the date, the issuer, the certificate id and a QR code for the public verification page.
//
// Text in any of the platform's scripts is drawn with Noto fonts chosen per character (fonts.ts).
// Right-to-left and mixed-direction text goes through the Unicode Bidirectional Algorithm (bidi-js):
// each line is broken in logical order, then its runs are put in visual order. Arabic runs are
// handed to fontkit in logical order so that it can join the letters; fontkit then lays the glyphs
// out right to left itself.

import fontkit, { type Font as FontkitFont } from '@pdf-lib/fontkit';
import type { EmbeddingLevels } from 'bidi-js';
import bidiModule from 'bidi-js';
import {
  beginText,
  degrees,
  endText,
  PageSizes,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { FEATURES, FontBook, isCjk, type Weight } from './fonts.ts';

export interface CertificatePdfInput {
  /** The certificate's language: en, ko, zh, ar, fr, ru, es… */
  locale: string;
  dir: 'ltr' | 'rtl';
  /** In any script (a Korean learner may have a Latin name and vice versa). */
  learnerName: string;
  courseTitle: string;
  /** One or two sentences: what was achieved and the criteria. */
  achievement: string;
  /** Already formatted for the locale. */
  issuedOn: string;
  /** The operator organisation. */
  issuerName: string;
  /** Absolute URL of the public verification page, for the QR code and printed small. */
  verifyUrl: string;
  certificateId: string;
  /** Localized labels from the caller. */
  labels: {
    title: string;
    awardedTo: string;
    forCompleting: string;
    issuedOn: string;
    issuedBy: string;
    verifyAt: string;
    id: string;
  };
}

// bidi-js is CommonJS whose typings declare an ES default export; under Node's ESM interop the
// default import is the factory itself.
type BidiFactory = typeof bidiModule.default;
const bidiFactory: BidiFactory =
  typeof bidiModule === 'function' ? (bidiModule as unknown as BidiFactory) : bidiModule.default;
const bidi = bidiFactory();

// ---------------------------------------------------------------------------------------------
// Text: paragraphs, line breaking, visual runs

type BaseDir = 'ltr' | 'rtl' | 'auto';

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

interface Paragraph {
  text: string;
  weight: Weight;
  levels: EmbeddingLevels;
  /** Width at size 1 of each breakable segment, and of its trailing spaces. */
  segments?: Array<{ start: number; end: number; width: number; trailing: number }>;
}

interface Line {
  start: number;
  end: number;
  /** Width at size 1. */
  width: number;
}

interface Piece {
  text: string;
  font: PDFFont;
  width: number;
  /** Set when the glyphs must be placed one by one from the font's positioning (Arabic). */
  shaper?: FontkitFont;
}

function cleanText(raw: string): string {
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
class Typesetter {
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
// Page layout

const INK = rgb(0.12, 0.15, 0.2);
const NAVY = rgb(0.12, 0.23, 0.36);
const GOLD = rgb(0.66, 0.52, 0.29);
const MUTED = rgb(0.37, 0.41, 0.46);
const RULE = rgb(0.8, 0.82, 0.85);

type Align = 'left' | 'center' | 'right';

interface Block {
  p: Paragraph;
  size: number;
  lines: Line[];
  /** Baseline-to-baseline distance. */
  leading: number;
}

/**
 * Lays a paragraph out at the largest size from maxSize down to minSize that fits in maxLines
 * (at minSize it takes as many lines as it needs). With `balance`, lines are made about equally
 * long (the narrowest measure that needs no more lines), which suits centred text.
 */
function fit(
  ts: Typesetter,
  p: Paragraph,
  opts: {
    maxSize: number;
    minSize: number;
    maxWidth: number;
    maxLines: number;
    leading?: number;
    balance?: boolean;
  },
): Block {
  let size = opts.maxSize;
  let lines = ts.wrap(p, size, opts.maxWidth);
  while (lines.length > opts.maxLines && size > opts.minSize) {
    size = Math.max(opts.minSize, size - 0.5);
    lines = ts.wrap(p, size, opts.maxWidth);
  }
  if (opts.balance && lines.length > 1) {
    let lo = opts.maxWidth / 2;
    let hi = opts.maxWidth;
    for (let k = 0; k < 10; k++) {
      const mid = (lo + hi) / 2;
      if (ts.wrap(p, size, mid).length > lines.length) lo = mid;
      else hi = mid;
    }
    lines = ts.wrap(p, size, hi);
  }
  return { p, size, lines, leading: size * (opts.leading ?? 1.3) };
}

/** Height from the first line's top to the last line's baseline. */
function blockHeight(b: Block): number {
  return b.lines.length === 0 ? 0 : b.size * 0.95 + (b.lines.length - 1) * b.leading;
}

/**
 * Draws a block whose first line's top is at `top` (PDF y); returns the last baseline's y.
 * Returns each line's drawn extent too, for link areas.
 */
function drawBlock(
  page: PDFPage,
  ts: Typesetter,
  b: Block,
  x: number,
  top: number,
  align: Align,
  color: RGB,
): { baseline: number; boxes: Array<[number, number, number, number]> } {
  let baseline = top - b.size * 0.95;
  const boxes: Array<[number, number, number, number]> = [];
  b.lines.forEach((line, k) => {
    if (k > 0) baseline -= b.leading;
    const pieces = ts.pieces(b.p, line, b.size);
    const width = pieces.reduce((sum, piece) => sum + piece.width, 0);
    let cursor = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
    boxes.push([cursor, baseline - b.size * 0.3, cursor + width, baseline + b.size * 0.95]);
    for (const piece of pieces) {
      if (piece.shaper) drawShaped(page, piece, piece.shaper, cursor, baseline, b.size, color);
      else page.drawText(piece.text, { x: cursor, y: baseline, size: b.size, font: piece.font, color });
      cursor += piece.width;
    }
  });
  return { baseline, boxes };
}

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

/** The QR code as one vector path of filled modules; `top` is its upper edge (PDF y). */
function drawQrCode(page: PDFPage, url: string, x: number, top: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const dark = qr.modules.data;
  let path = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; ) {
      if (!dark[row * n + col]) {
        col++;
        continue;
      }
      let len = 1;
      while (col + len < n && dark[row * n + col + len]) len++;
      path += `M${col} ${row}h${len}v1h${-len}z`;
      col += len;
    }
  }
  page.drawSvgPath(path, { x, y: top, scale: size / n, color: rgb(0, 0, 0), borderWidth: 0 });
}

function addLink(doc: PDFDocument, page: PDFPage, url: string, rect: [number, number, number, number]): void {
  const annot = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect.map((v) => Math.round(v * 100) / 100),
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
  });
  page.node.addAnnot(doc.context.register(annot));
}

/** Renders the certificate as a one-page A4 landscape PDF. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [pageHeight, pageWidth] = PageSizes.A4;
  const W = pageWidth;
  const H = pageHeight;
  const page = doc.addPage([W, H]);
  const rtl = input.dir === 'rtl';
  const dir = input.dir;
  const L = input.labels;

  // Every string first, so that each font is subset once to exactly the characters drawn.
  const book = new FontBook(input.locale);
  const ts = new Typesetter(book);
  const para = {
    title: ts.paragraph(L.title, 600, dir),
    awardedTo: ts.paragraph(L.awardedTo, 400, dir),
    name: ts.paragraph(input.learnerName, 600, 'auto'),
    forCompleting: ts.paragraph(L.forCompleting, 400, dir),
    course: ts.paragraph(input.courseTitle, 600, 'auto'),
    achievement: ts.paragraph(input.achievement, 400, dir),
    issuedOnLabel: ts.paragraph(L.issuedOn, 400, dir),
    issuedOn: ts.paragraph(input.issuedOn, 400, dir),
    issuedByLabel: ts.paragraph(L.issuedBy, 400, dir),
    issuer: ts.paragraph(input.issuerName, 600, 'auto'),
    verifyAt: ts.paragraph(L.verifyAt, 400, dir),
    url: ts.paragraph(input.verifyUrl, 400, 'ltr'),
    idLabel: ts.paragraph(L.id, 400, dir),
    id: ts.paragraph(input.certificateId, 400, 'ltr'),
  };
  await book.embed(doc);

  // Frame: a navy rule with a thin gold one inside it.
  page.drawRectangle({ x: 20, y: 20, width: W - 40, height: H - 40, borderColor: NAVY, borderWidth: 2.5 });
  page.drawRectangle({ x: 28, y: 28, width: W - 56, height: H - 56, borderColor: GOLD, borderWidth: 0.75 });
  for (const [cx, cy] of [
    [28, 28],
    [W - 28, 28],
    [28, H - 28],
    [W - 28, H - 28],
  ] as const) {
    page.drawSquare({ x: cx, y: cy - 4.2, size: 6, rotate: degrees(45), color: GOLD });
  }

  const cx = W / 2;
  const margin = 70;
  const contentWidth = W - 2 * margin;

  // Title and a short gold rule under it.
  const title = fit(ts, para.title, { maxSize: 30, minSize: 18, maxWidth: contentWidth, maxLines: 1 });
  const titleEnd = drawBlock(page, ts, title, cx, H - 78, 'center', NAVY).baseline;
  page.drawLine({
    start: { x: cx - 45, y: titleEnd - 16 },
    end: { x: cx + 45, y: titleEnd - 16 },
    thickness: 1.2,
    color: GOLD,
  });

  // Footer geometry (drawn below), so that the body can be centred in the space between.
  const footerTop = 150;
  const bodyTop = titleEnd - 30;

  // Body: recipient, course, achievement.
  const awardedTo = fit(ts, para.awardedTo, { maxSize: 12, minSize: 9, maxWidth: contentWidth, maxLines: 2 });
  const name = fit(ts, para.name, {
    maxSize: 34,
    minSize: 20,
    maxWidth: contentWidth,
    maxLines: 1,
    leading: 1.25,
    balance: true,
  });
  const forCompleting = fit(ts, para.forCompleting, {
    maxSize: 12,
    minSize: 9,
    maxWidth: contentWidth,
    maxLines: 2,
  });
  const course = fit(ts, para.course, {
    maxSize: 20,
    minSize: 13,
    maxWidth: contentWidth,
    maxLines: 2,
    balance: true,
  });
  const fitAchievement = (maxSize: number, minSize: number) =>
    fit(ts, para.achievement, {
      maxSize,
      minSize,
      maxWidth: Math.min(560, contentWidth),
      maxLines: 4,
      leading: 1.5,
      balance: true,
    });
  let achievement = fitAchievement(11.5, 8.5);
  const gaps = { afterLabel: 10, afterName: 26, afterRule: 20, afterLabel2: 8, afterCourse: 18 };
  const bodyHeight = () =>
    blockHeight(awardedTo) +
    gaps.afterLabel +
    blockHeight(name) +
    gaps.afterName +
    gaps.afterRule +
    blockHeight(forCompleting) +
    gaps.afterLabel2 +
    blockHeight(course) +
    gaps.afterCourse +
    blockHeight(achievement);
  // An unusually long achievement text gets smaller rather than run into the footer.
  const room = bodyTop - footerTop - 10;
  while (bodyHeight() > room && achievement.size > 6.5) {
    achievement = fitAchievement(achievement.size - 0.5, achievement.size - 0.5);
  }
  let y = bodyTop - Math.max(0, (room - bodyHeight()) / 2);
  y = drawBlock(page, ts, awardedTo, cx, y, 'center', MUTED).baseline - gaps.afterLabel;
  const nameEnd = drawBlock(page, ts, name, cx, y, 'center', INK);
  const nameWidth = Math.max(...nameEnd.boxes.map(([x0, , x1]) => x1 - x0), 0);
  const ruleHalf = Math.min(contentWidth, Math.max(280, nameWidth + 60)) / 2;
  y = nameEnd.baseline - gaps.afterName / 2;
  page.drawLine({
    start: { x: cx - ruleHalf, y },
    end: { x: cx + ruleHalf, y },
    thickness: 0.6,
    color: RULE,
  });
  y -= gaps.afterName / 2 + gaps.afterRule;
  y = drawBlock(page, ts, forCompleting, cx, y, 'center', MUTED).baseline - gaps.afterLabel2;
  y = drawBlock(page, ts, course, cx, y, 'center', NAVY).baseline - gaps.afterCourse;
  drawBlock(page, ts, achievement, cx, y, 'center', INK);

  // Footer: date and issuer at the start side; verification text and QR code at the end side.
  const footMargin = 64;
  const qrSize = 84;
  const qrBottom = 54;
  const startX = rtl ? W - footMargin : footMargin;
  const startAlign: Align = rtl ? 'right' : 'left';
  const endAlign: Align = rtl ? 'left' : 'right';
  const qrX = rtl ? footMargin : W - footMargin - qrSize;
  const endX = rtl ? qrX + qrSize + 14 : qrX - 14;
  const sideWidth = 300;

  const issuedOnLabel = fit(ts, para.issuedOnLabel, {
    maxSize: 8.5,
    minSize: 7,
    maxWidth: sideWidth,
    maxLines: 1,
  });
  const issuedOn = fit(ts, para.issuedOn, { maxSize: 12, minSize: 9, maxWidth: sideWidth, maxLines: 1 });
  const issuedByLabel = fit(ts, para.issuedByLabel, {
    maxSize: 8.5,
    minSize: 7,
    maxWidth: sideWidth,
    maxLines: 1,
  });
  const issuer = fit(ts, para.issuer, { maxSize: 12, minSize: 9, maxWidth: sideWidth, maxLines: 2 });
  const startBlocks = [issuedOnLabel, issuedOn, issuedByLabel, issuer];
  const startGaps = [4, 12, 4];

  const verifyWidth = Math.abs(endX - startX) - sideWidth - 24;
  const verifyAt = fit(ts, para.verifyAt, { maxSize: 8, minSize: 7, maxWidth: verifyWidth, maxLines: 1 });
  const url = fit(ts, para.url, {
    maxSize: 8.5,
    minSize: 6.5,
    maxWidth: verifyWidth,
    maxLines: 1,
    leading: 1.25,
  });
  const idLabel = fit(ts, para.idLabel, { maxSize: 8, minSize: 7, maxWidth: verifyWidth, maxLines: 1 });
  const id = fit(ts, para.id, { maxSize: 8.5, minSize: 6.5, maxWidth: verifyWidth, maxLines: 1 });
  const endBlocks = [verifyAt, url, idLabel, id];
  const endGaps = [3, 10, 3];

  const columnHeight = (blocks: Block[], gapsBetween: number[]) =>
    blocks.reduce((h, b, k) => h + blockHeight(b) + (k > 0 ? (gapsBetween[k - 1] ?? 0) : 0), 0) +
    (blocks.at(-1)?.size ?? 0) * 0.25;

  const colors = [MUTED, INK, MUTED, INK];
  let sy = qrBottom + columnHeight(startBlocks, startGaps);
  startBlocks.forEach((b, k) => {
    sy = drawBlock(page, ts, b, startX, sy, startAlign, colors[k]!).baseline - (startGaps[k] ?? 0);
  });
  let ey = qrBottom + columnHeight(endBlocks, endGaps);
  endBlocks.forEach((b, k) => {
    const drawn = drawBlock(page, ts, b, endX, ey, endAlign, k === 1 ? NAVY : colors[k]!);
    if (b === url) for (const box of drawn.boxes) addLink(doc, page, input.verifyUrl, box);
    ey = drawn.baseline - (endGaps[k] ?? 0);
  });

  drawQrCode(page, input.verifyUrl, qrX, qrBottom + qrSize, qrSize);
  addLink(doc, page, input.verifyUrl, [qrX, qrBottom, qrX + qrSize, qrBottom + qrSize]);

  // Metadata.
  doc.setTitle(`${cleanText(L.title)}: ${cleanText(input.learnerName)}`, { showInWindowTitleBar: true });
  doc.setAuthor(cleanText(input.issuerName));
  doc.setSubject(cleanText(input.courseTitle));
  doc.setKeywords([input.certificateId]);
  doc.setLanguage(input.locale);
  doc.setCreator('Praxis');
  doc.setProducer('Praxis');

  return doc.save();
}
