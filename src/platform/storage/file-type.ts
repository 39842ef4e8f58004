// What an uploaded file really is, judged from its bytes rather than from its name or the type the
// browser declared. Praxis accepts three types only, so this is hand-written: magic bytes plus a light
// check of the structure each format must have. A well-kept library such as `file-type` would also do,
// but it knows well over a hundred formats we would never accept; for three it is no more exact than
// these few lines, and it would be one more dependency to keep up.

export type SniffedType = 'application/pdf' | 'image/png' | 'image/jpeg';

/** How far back from the end to look for a format's end marker, so trailing bytes are tolerated. */
const TAIL = 1024;

const PDF_HEADER = ascii('%PDF-');
const PDF_EOF = ascii('%%EOF');
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** IHDR's data is always 13 bytes, and it must be the first chunk. */
const PNG_IHDR = Uint8Array.of(0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52);
const JPEG_SOI = Uint8Array.of(0xff, 0xd8, 0xff);
const JPEG_EOI = Uint8Array.of(0xff, 0xd9);

/**
 * The type of a PDF, PNG or JPEG file from its bytes, or null for anything else (including a file
 * that starts right but is cut short):
 * - PDF: starts with `%PDF-` and has `%%EOF` within its last 1 KB;
 * - PNG: the 8-byte signature followed at once by the IHDR chunk;
 * - JPEG: starts with FF D8 FF (SOI and the next marker) and has FF D9 (EOI) within its last 1 KB.
 */
export function sniffType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, PDF_HEADER)) {
    return tailContains(bytes, PDF_EOF, PDF_HEADER.length) ? 'application/pdf' : null;
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    // Signature, IHDR length and type, 13 bytes of data, 4 bytes of CRC.
    const ihdrComplete = bytes.length >= PNG_SIGNATURE.length + 8 + 13 + 4;
    return ihdrComplete && startsWith(bytes, PNG_IHDR, PNG_SIGNATURE.length) ? 'image/png' : null;
  }
  if (startsWith(bytes, JPEG_SOI)) {
    return tailContains(bytes, JPEG_EOI, JPEG_SOI.length) ? 'image/jpeg' : null;
  }
  return null;
}

const EXTENSIONS: Record<SniffedType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** The usual file extension for a type, without the dot (for download names). */
export function extensionFor(type: SniffedType): string {
  return EXTENSIONS[type];
}

const TYPES_BY_EXTENSION: Record<string, SniffedType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
};

/** The type a file extension (with or without the dot, any case) stands for, or null if not one of ours. */
export function typeForExtension(extension: string): SniffedType | null {
  return TYPES_BY_EXTENSION[extension.replace(/^\./, '').toLowerCase()] ?? null;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[at + i] !== prefix[i]) return false;
  }
  return true;
}

/** Whether `marker` occurs within the last TAIL bytes, but not overlapping the first `skip` bytes. */
function tailContains(bytes: Uint8Array, marker: Uint8Array, skip: number): boolean {
  const start = Math.max(skip, bytes.length - TAIL);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.indexOf(marker, start) !== -1;
}
