// Fonts for certificate PDFs: which Noto font (and which @fontsource unicode-range slice of it)
// draws each character, and embedding just the document's characters of each slice.
//
// @fontsource ships every font as woff2 slices, each with a CSS `unicode-range`. pdf-lib's fontkit
// cannot embed woff2 usefully, so each slice the document needs is subset with subset-font
// (HarfBuzz in WebAssembly) to a small TrueType font holding only the document's characters, then
// embedded whole (`subset: false`; see /work/shared/STACK-NOTES.md, "PDF with Korean/CJK text").
// Arabic is the exception: its contextual glyphs are not in the cmap, so pdf-lib's own subsetter
// (`subset: true`) embeds it, which records every glyph drawn.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit, { type Font as FontkitFont } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);

interface SubsetOptions {
  targetFormat?: 'truetype' | 'sfnt' | 'woff' | 'woff2';
  keepFeatures?: string[];
  noHinting?: boolean;
  dropTables?: string[];
}
// subset-font is CommonJS without type declarations.
const subsetFont = require('subset-font') as (
  font: Uint8Array,
  text: string,
  options?: SubsetOptions,
) => Promise<Uint8Array>;

export type FamilyId = 'latin' | 'korean' | 'chinese' | 'arabic';
export type Weight = 400 | 600;

const FAMILIES: Record<FamilyId, { pkg: string; name: string; shaping: boolean }> = {
  latin: { pkg: '@fontsource/noto-sans', name: 'NotoSans', shaping: false },
  korean: { pkg: '@fontsource/noto-sans-kr', name: 'NotoSansKR', shaping: false },
  chinese: { pkg: '@fontsource/noto-sans-sc', name: 'NotoSansSC', shaping: false },
  arabic: { pkg: '@fontsource/noto-sans-arabic', name: 'NotoSansArabic', shaping: true },
};

/** One @font-face of a fontsource CSS file: a woff2 file and the code points it holds. */
export interface FontSlice {
  file: string;
  /** Sorted, inclusive [first, last] code point ranges. */
  ranges: Array<[number, number]>;
}

/** Parses a CSS `unicode-range` value such as `U+0000-00FF,U+0131,U+1F1E6-1F1FF` (also `U+4??`). */
export function parseUnicodeRange(value: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const part of value.split(',')) {
    const m = /^\s*U\+([0-9a-f?]{1,6})(?:-([0-9a-f]{1,6}))?\s*$/i.exec(part);
    if (!m?.[1]) continue;
    const first = m[1];
    if (first.includes('?')) {
      ranges.push([
        Number.parseInt(first.replaceAll('?', '0'), 16),
        Number.parseInt(first.replaceAll('?', 'F'), 16),
      ]);
    } else {
      const lo = Number.parseInt(first, 16);
      ranges.push([lo, m[2] ? Number.parseInt(m[2], 16) : lo]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Reads the `@font-face` rules of a fontsource CSS file: each woff2 file with its unicode range. */
export function parseFontsourceCss(css: string, baseDir: string): FontSlice[] {
  const slices: FontSlice[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] ?? '';
    const file = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(body)?.[1];
    const range = /unicode-range\s*:\s*([^;]+);/.exec(body)?.[1];
    if (!file) continue;
    slices.push({ file: join(baseDir, file), ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]] });
  }
  return slices;
}

function covers(slice: FontSlice, cp: number): boolean {
  let lo = 0;
  let hi = slice.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = slice.ranges[mid]!;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

const sliceCache = new Map<string, FontSlice[]>();

/** The slices of one family at one weight (normal style), from the package's `<weight>.css`. */
export function familySlices(family: FamilyId, weight: Weight): FontSlice[] {
  const key = `${family}/${weight}`;
  let slices = sliceCache.get(key);
  if (!slices) {
    const cssPath = require.resolve(`${FAMILIES[family].pkg}/${weight}.css`);
    slices = parseFontsourceCss(readFileSync(cssPath, 'utf8'), dirname(cssPath));
    sliceCache.set(key, slices);
  }
  return slices;
}

const isHangul = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x11ff) ||
  (cp >= 0x3130 && cp <= 0x318f) ||
  (cp >= 0xa960 && cp <= 0xa97f) ||
  (cp >= 0xac00 && cp <= 0xd7ff) ||
  (cp >= 0xffa0 && cp <= 0xffdc);

/** Han ideographs, kana, bopomofo, CJK punctuation and full-width forms. */
export const isCjk = (cp: number) =>
  (cp >= 0x2e80 && cp <= 0x2fdf) ||
  (cp >= 0x3000 && cp <= 0x312f) ||
  (cp >= 0x3190 && cp <= 0x31ff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xfe30 && cp <= 0xfe4f) ||
  (cp >= 0xff00 && cp <= 0xff9f) ||
  (cp >= 0xffe0 && cp <= 0xffef) ||
  (cp >= 0x20000 && cp <= 0x3ffff);

const isArabic = (cp: number) =>
  (cp >= 0x0600 && cp <= 0x06ff) ||
  (cp >= 0x0750 && cp <= 0x077f) ||
  (cp >= 0x0870 && cp <= 0x08ff) ||
  (cp >= 0xfb50 && cp <= 0xfdff) ||
  (cp >= 0xfe70 && cp <= 0xfeff && cp !== 0xfeff);

/** The families to try for a character, best first. */
export function familyOrder(cp: number, locale: string): FamilyId[] {
  const ko = locale.toLowerCase().startsWith('ko');
  if (isHangul(cp)) return ['korean', 'chinese'];
  if (isArabic(cp)) return ['arabic'];
  // Korean documents get Korean glyph forms for hanja; everyone else Simplified Chinese forms.
  if (isCjk(cp)) return ko ? ['korean', 'chinese'] : ['chinese', 'korean'];
  return ['latin', 'korean', 'chinese', 'arabic'];
}

interface FaceUse {
  family: FamilyId;
  weight: Weight;
  slice: FontSlice;
  chars: Set<string>;
  font?: PDFFont;
  /** For fonts that need shaping: the same font program, to read glyph positions (GPOS) from. */
  shaper?: FontkitFont;
}

/** OpenType features for every layout: ligatures off (stack notes); Arabic joining stays on. */
export const FEATURES = { liga: false, calt: false } as const;

/**
 * The fonts of one document. Register every string first (`add`), then `embed` once, then ask
 * `fontFor` per character while laying out and drawing.
 */
export class FontBook {
  private readonly faces = new Map<string, FaceUse>();
  private readonly resolved = new Map<string, FaceUse>();
  private embedded = false;
  private shapers?: Map<PDFFont, FontkitFont>;
  private readonly uncovered = new Set<string>();

  private readonly locale: string;

  constructor(locale: string) {
    this.locale = locale;
  }

  private face(cp: number, weight: Weight): FaceUse {
    const memo = `${weight}:${cp}`;
    const known = this.resolved.get(memo);
    if (known) return known;
    let family: FamilyId = 'latin';
    let slice: FontSlice | undefined;
    for (const candidate of familyOrder(cp, this.locale)) {
      slice = familySlices(candidate, weight).find((s) => covers(s, cp));
      if (slice) {
        family = candidate;
        break;
      }
    }
    // Nothing covers it: the Latin font's basic slice draws its .notdef box.
    if (!slice) {
      this.uncovered.add(String.fromCodePoint(cp));
      slice = familySlices('latin', weight).find((s) => covers(s, 0x41))!;
    }
    let use = this.faces.get(slice.file);
    if (!use) {
      if (this.embedded) throw new Error(`FontBook: U+${cp.toString(16)} needs a font that was not embedded`);
      use = { family, weight, slice, chars: new Set() };
      this.faces.set(slice.file, use);
    }
    this.resolved.set(memo, use);
    return use;
  }

  /** Registers the characters of a string to be drawn at a weight. */
  add(text: string, weight: Weight): void {
    if (this.embedded) throw new Error('FontBook: add() after embed()');
    for (const ch of text) this.face(ch.codePointAt(0)!, weight).chars.add(ch);
  }

  /** Subsets each needed slice to the registered characters and embeds it in the document. */
  async embed(doc: PDFDocument): Promise<void> {
    if (this.embedded) throw new Error('FontBook: already embedded');
    this.embedded = true;
    let n = 0;
    await Promise.all(
      [...this.faces.values()].map(async (use) => {
        const tag = subsetTag(n++);
        const woff2 = await readFile(use.slice.file);
        const family = FAMILIES[use.family];
        const ttf = padTrailingEmptyGlyph(
          await subsetFont(woff2, [...use.chars].join(''), {
            targetFormat: 'truetype',
            noHinting: true,
            // Only Arabic needs OpenType layout: GSUB for joining forms and the dots it splits
            // off the letters, GPOS to put those dots in place. Elsewhere pdf-lib's advance widths
            // are all that is used.
            dropTables: family.shaping
              ? ['BASE', 'STAT', 'vhea', 'vmtx', 'DSIG', 'gasp']
              : ['GPOS', 'GSUB', 'GDEF', 'BASE', 'STAT', 'vhea', 'vmtx', 'DSIG', 'gasp'],
          }),
        );
        if (family.shaping) use.shaper = fontkit.create(ttf);
        use.font = await doc.embedFont(ttf, {
          // Unsubset embedding lists widths and text mappings only for glyphs reachable from the
          // cmap, so Arabic contextual forms would get default widths and no text; pdf-lib's own
          // subsetter records every glyph actually drawn. Other scripts use the font as it is.
          subset: family.shaping,
          customName: `${tag}+${family.name}-${use.weight === 600 ? 'SemiBold' : 'Regular'}`,
          // Ligatures off (stack notes); Arabic joining (init/medi/fina) and rlig stay on.
          features: { ...FEATURES },
        });
      }),
    );
  }

  /** The embedded font for a character at a weight. */
  fontFor(ch: string, weight: Weight): PDFFont {
    if (!this.embedded) throw new Error('FontBook: embed() first');
    const use = this.face(ch.codePointAt(0)!, weight);
    if (!use.font || !use.chars.has(ch)) {
      throw new Error(
        `FontBook: ${JSON.stringify(ch)} at weight ${weight} was not registered before embed()`,
      );
    }
    return use.font;
  }

  /** The shaping engine's view of an embedded font that needs glyph positioning, if it does. */
  shaperOf(font: PDFFont): FontkitFont | undefined {
    if (!this.shapers) {
      this.shapers = new Map();
      for (const use of this.faces.values())
        if (use.font && use.shaper) this.shapers.set(use.font, use.shaper);
    }
    return this.shapers.get(font);
  }

  /** Registered characters that no font covers (drawn as .notdef boxes). */
  missing(): string[] {
    return [...this.uncovered];
  }
}

/**
 * fontkit reads a glyph's outline header for its bounding box even when the glyph has no outline
 * (a space), so when the subset's last glyph is empty (U+00A0, which Russian puts in numbers) and
 * the glyf table ends the file, measuring it throws "Trying to access beyond buffer length".
 * Zero bytes after the last table give that read something; no table refers to them. Any other
 * font is returned as it is.
 */
function padTrailingEmptyGlyph(ttf: Uint8Array): Uint8Array {
  const HEADER = 10;
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0, n = view.getUint16(4); i < n; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...ttf.subarray(at, at + 4));
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const { glyf, loca, head, maxp } = Object.fromEntries(tables);
  if (!glyf || !loca || !head || !maxp) return ttf;
  if (glyf.offset + glyf.length + HEADER <= ttf.length) return ttf;
  const glyphs = view.getUint16(maxp.offset + 4);
  const long = view.getInt16(head.offset + 50) === 1;
  const locaAt = (k: number) =>
    long ? view.getUint32(loca.offset + 4 * k) : view.getUint16(loca.offset + 2 * k) * 2;
  if (glyphs === 0 || locaAt(glyphs - 1) !== locaAt(glyphs)) return ttf;
  const padded = new Uint8Array((glyf.offset + glyf.length + HEADER + 3) & ~3);
  padded.set(ttf);
  return padded;
}

/** A PDF subset tag: six capital letters, unique within the document. */
function subsetTag(n: number): string {
  let tag = '';
  let v = n;
  for (let i = 0; i < 6; i++) {
    tag = String.fromCharCode(65 + (v % 26)) + tag;
    v = Math.floor(v / 26);
  }
  return `PX${tag.slice(2)}`;
}
