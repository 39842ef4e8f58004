import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { extensionFor, sniffType, typeForExtension } from './file-type.ts';
import { checkUpload, fileKey, isFileKey, localFileStorage, UploadError } from './storage.ts';

// Tiny but complete files of each accepted type, built here so the tests need no fixtures.

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** A one-page PDF written by hand: header, catalog, page tree, page, cross-reference table, trailer. */
function minimalPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return bytesOf(text);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = concat(bytesOf(type), data);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return concat(length, typeAndData, crc);
}

/** A 1×1 red PNG: signature, IHDR (8-bit RGB), one IDAT (filter byte + pixel, deflated), IEND. */
function onePixelPng(): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth, colour type RGB, compression, filter, interlace
  return concat(
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Uint8Array.of(0, 0xc0, 0x39, 0x2b))),
    pngChunk('IEND', new Uint8Array()),
  );
}

/**
 * A 1×1 mid-grey baseline JPEG: SOI, JFIF APP0, one quantisation table, SOF0 (one 8-bit component),
 * one-symbol DC and AC Huffman tables, SOS, two bits of scan data (DC difference 0, end of block,
 * padded with ones) and EOI.
 */
function onePixelJpeg(): Uint8Array {
  const segment = (marker: number, body: number[]): number[] => {
    const length = body.length + 2;
    return [0xff, marker, length >> 8, length & 0xff, ...body];
  };
  const oneSymbolTable = (classAndId: number): number[] => [classAndId, 1, ...Array(15).fill(0), 0x00];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, [...bytesOf('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...Array(64).fill(1)]),
    ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneSymbolTable(0x00)),
    ...segment(0xc4, oneSymbolTable(0x10)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0b0011_1111,
    0xff,
    0xd9,
  ]);
}

const pdf = minimalPdf();
const png = onePixelPng();
const jpeg = onePixelJpeg();
const html = bytesOf('<!doctype html><script>alert(document.cookie)</script>\n');
const ALLOWED = ['application/pdf', 'image/png', 'image/jpeg'] as const;

test('the type is sniffed from the bytes of each accepted format', async () => {
  assert.equal(sniffType(pdf), 'application/pdf');
  assert.equal(sniffType(png), 'image/png');
  assert.equal(sniffType(jpeg), 'image/jpeg');
  const generated = await PDFDocument.create();
  generated.addPage();
  assert.equal(sniffType(await generated.save()), 'application/pdf', 'a PDF as pdf-lib writes it');
});

test('anything else, or a file cut short, is not sniffed as one of them', () => {
  for (const bytes of [
    new Uint8Array(),
    html,
    bytesOf('just text'),
    bytesOf('%PDF'), // header only
    pdf.subarray(0, pdf.length - 8), // %%EOF cut off
    png.subarray(0, 8), // signature only
    concat(png.subarray(0, 8), pngChunk('IDAT', new Uint8Array(13))), // no IHDR first
    jpeg.subarray(0, jpeg.length - 2), // EOI cut off
    Uint8Array.of(0xff, 0xd8, 0xff, 0xd9), // SOI overlapping EOI is not a JPEG
    bytesOf(' %PDF-1.4\n%%EOF'), // the header must be at the very start
  ]) {
    assert.equal(sniffType(bytes), null, Buffer.from(bytes.subarray(0, 24)).toString('latin1'));
  }
});

test('trailing bytes after %%EOF or EOI are tolerated within the last kilobyte', () => {
  const trailing = (n: number) => new Uint8Array(n).fill(0x0a);
  assert.equal(sniffType(concat(pdf, trailing(500))), 'application/pdf');
  assert.equal(sniffType(concat(jpeg, trailing(500))), 'image/jpeg');
  assert.equal(sniffType(concat(pdf, trailing(2000))), null);
  assert.equal(sniffType(concat(jpeg, trailing(2000))), null);
});

test('sniffing works on a view into a larger buffer', () => {
  const backing = concat(bytesOf('xxxx'), png, bytesOf('yyyy'));
  assert.equal(sniffType(backing.subarray(4, 4 + png.length)), 'image/png');
});

test('extensions map to and from the accepted types', () => {
  assert.equal(extensionFor('application/pdf'), 'pdf');
  assert.equal(extensionFor('image/png'), 'png');
  assert.equal(extensionFor('image/jpeg'), 'jpg');
  assert.equal(typeForExtension('.JPEG'), 'image/jpeg');
  assert.equal(typeForExtension('jpg'), 'image/jpeg');
  assert.equal(typeForExtension('html'), null);
});

const upload = (bytes: Uint8Array, filename: string, declaredType?: string, maxBytes = 10_000) =>
  checkUpload({ bytes, filename, declaredType, maxBytes, allowed: ALLOWED });

function refused(code: UploadError['code'], run: () => unknown): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UploadError);
    assert.equal(error.code, code);
    assert.equal(error.name, 'UploadError');
    return true;
  });
}

test('a good upload returns the sniffed type', () => {
  assert.equal(upload(pdf, 'essay.pdf', 'application/pdf'), 'application/pdf');
  assert.equal(upload(png, 'diagram.PNG', 'image/png'), 'image/png');
  assert.equal(upload(jpeg, 'photo.jpeg', 'image/jpeg'), 'image/jpeg');
  assert.equal(upload(jpeg, 'photo.jpg', 'image/jpg'), 'image/jpeg', 'a common alias is accepted');
  assert.equal(upload(pdf, 'C:\\fakepath\\essay.pdf', 'application/pdf; name=x'), 'application/pdf');
  assert.equal(upload(pdf, 'essay', undefined), 'application/pdf', 'no extension, no declared type');
  assert.equal(upload(pdf, 'essay.pdf', 'application/octet-stream'), 'application/pdf');
  assert.equal(upload(pdf, 'essay.pdf', '', pdf.length), 'application/pdf', 'exactly at the limit');
});

test('a PNG named .pdf, or declared as a PDF, is a type mismatch', () => {
  refused('type-mismatch', () => upload(png, 'essay.pdf'));
  refused('type-mismatch', () => upload(png, 'essay.pdf', 'application/pdf'));
  refused('type-mismatch', () => upload(png, 'diagram.png', 'application/pdf'));
  refused('type-mismatch', () => upload(pdf, 'essay.txt'));
});

test('HTML or script named .pdf is a type that is not allowed', () => {
  refused('type-not-allowed', () => upload(html, 'essay.pdf', 'application/pdf'));
  refused('type-not-allowed', () => upload(bytesOf('alert(1)'), 'essay.pdf'));
  refused('type-not-allowed', () =>
    checkUpload({ bytes: jpeg, filename: 'photo.jpg', maxBytes: 10_000, allowed: ['application/pdf'] }),
  );
});

test('an empty file and a file over the limit are refused', () => {
  refused('empty', () => upload(new Uint8Array(), 'essay.pdf', 'application/pdf'));
  refused('too-large', () => upload(pdf, 'essay.pdf', 'application/pdf', pdf.length - 1));
  // Size is checked before type, so an oversized file is not even sniffed.
  refused('too-large', () => upload(html, 'page.html', 'text/html', 10));
});

/** Every file under the root, relative to it. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

test('files are stored by content: put, get, stream, exists, delete', async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'praxis-storage-')), 'uploads');
  const storage = localFileStorage(root);

  const stored = await storage.put(pdf, 'application/pdf');
  assert.deepEqual(stored, { key: fileKey(pdf), size: pdf.length, type: 'application/pdf' });
  assert.match(stored.key, /^[0-9a-f]{64}$/);
  const path = join(root, stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key);
  assert.deepEqual(new Uint8Array(readFileSync(path)), pdf);
  assert.equal(statSync(path).mode & 0o777, 0o600);

  assert.equal(await storage.exists(stored.key), true);
  assert.deepEqual(new Uint8Array((await storage.get(stored.key))!), pdf);
  assert.deepEqual(new Uint8Array(await buffer(storage.stream(stored.key)!)), pdf);

  await storage.delete(stored.key);
  assert.equal(await storage.exists(stored.key), false);
  assert.equal(await storage.get(stored.key), null);
  assert.equal(storage.stream(stored.key), null);
  await storage.delete(stored.key); // deleting again is fine
});

test('the same content is stored once, under the same key, and no temporary files remain', async () => {
  const root = mkdtempSync(join(tmpdir(), 'praxis-storage-'));
  const storage = localFileStorage(root);

  const pathOf = (key: string) => join(root, key.slice(0, 2), key.slice(2, 4), key);
  const first = await storage.put(png, 'image/png');
  const written = statSync(pathOf(first.key));
  const again = await storage.put(new Uint8Array(png), 'image/png');
  const after = statSync(pathOf(first.key));
  assert.equal(after.ino, written.ino, 'the second put did not write the file again');
  assert.equal(after.mtimeMs, written.mtimeMs);
  const [, racing] = await Promise.all([storage.put(jpeg, 'image/jpeg'), storage.put(jpeg, 'image/jpeg')]);
  assert.equal(again.key, first.key);
  assert.notEqual(racing.key, first.key);

  const expected = [first.key, racing.key].map((key) => relative(root, pathOf(key)));
  assert.deepEqual(filesUnder(root).sort(), expected.sort());
});

test('a key that is not 64 hex digits is rejected, so none can reach outside the root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'praxis-storage-'));
  const storage = localFileStorage(root);
  const bad = [
    '',
    '../../etc/passwd',
    '..',
    `../${'a'.repeat(62)}`,
    `${'a'.repeat(63)}/`,
    'A'.repeat(64), // keys are lowercase
    `${'a'.repeat(64)}\0`,
    `${'a'.repeat(64)}\n`,
    'g'.repeat(64),
    `/${'a'.repeat(63)}`,
  ];
  for (const key of bad) {
    assert.equal(isFileKey(key), false, JSON.stringify(key));
    await assert.rejects(storage.get(key), TypeError);
    await assert.rejects(storage.exists(key), TypeError);
    await assert.rejects(storage.delete(key), TypeError);
    assert.throws(() => storage.stream(key), TypeError);
  }
  assert.equal(isFileKey('a'.repeat(64)), true);
  assert.equal(await storage.get('a'.repeat(64)), null, 'a well-formed key that was never stored');
});
