// The printable certificate: one A4 landscape page with the learner's name, the course, what was
// achieved, the date, the issuer, the certificate id and a QR code for the public verification page.
//
// Text in any of the platform's scripts is drawn with Noto fonts chosen per character (fonts.ts)
// and laid out by the Typesetter (typesetter.ts), which handles right-to-left and mixed text.

import fontkit from '@pdf-lib/fontkit';
import { degrees, PageSizes, PDFDocument, type PDFPage, PDFString, type RGB, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { FontBook } from './fonts.ts';
import { cleanText, drawPieces, type Line, type Paragraph, Typesetter } from './typesetter.ts';

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
    const cursor = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
    boxes.push([cursor, baseline - b.size * 0.3, cursor + width, baseline + b.size * 0.95]);
    drawPieces(page, pieces, cursor, baseline, b.size, color);
  });
  return { baseline, boxes };
}

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
