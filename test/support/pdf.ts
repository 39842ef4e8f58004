import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PDF's text as poppler's pdftotext reads it (pass e.g. `-layout` or `-bbox`). */
export function pdftotext(pdf: Uint8Array, ...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error(
        'pdftotext is not installed: these tests need poppler-utils (apt-get install -y poppler-utils)',
      );
    }
    if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdftotext -layout` without the bidi controls poppler puts around right-to-left and left-to-right runs. */
export const layoutText = (pdf: Uint8Array): string =>
  pdftotext(pdf, '-layout').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word poppler finds (on the first page only, with `firstPage`), with its box (top-left origin, points). */
export function words(pdf: Uint8Array, { firstPage = false } = {}): Word[] {
  const xml = pdftotext(pdf, '-bbox', ...(firstPage ? ['-f', '1', '-l', '1'] : []));
  const decodeEntities = (s: string) =>
    s.replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!,
    );
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: decodeEntities(m[5]!),
  }));
}
