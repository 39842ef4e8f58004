// Uploaded files, stored content-addressed: a file's key is the SHA-256 of its bytes, so the same file
// uploaded twice is stored once and a key can never point at changed content. What a file is, who
// uploaded it and what it is called belong in the database; the store only keeps bytes. The interface
// is small enough for an S3-compatible object store to implement it too (key as object name, type as
// Content-Type); `localFileStorage` is the embedded default, under DATA_DIR/uploads.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, openSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sniffType, typeForExtension } from './file-type.ts';

export interface StoredFile {
  /** SHA-256 of the content, 64 lowercase hex digits. */
  key: string;
  size: number;
  type: string;
}

export interface FileStorage {
  /** Stores the bytes under their SHA-256 (same bytes, same key, stored once), atomically. */
  put(bytes: Uint8Array, type: string): Promise<StoredFile>;
  /** The content, or null if there is no file with this key. */
  get(key: string): Promise<Uint8Array | null>;
  /** The content as a stream for serving, or null if there is no file with this key. */
  stream(key: string): NodeJS.ReadableStream | null;
  /** Removes the file; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const KEY = /^[0-9a-f]{64}$/;

/** Whether a string is a well-formed file key, so a route can answer 404 before asking the store. */
export function isFileKey(key: string): boolean {
  return KEY.test(key);
}

/** The key the bytes are stored under. */
export function fileKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Files on the local disk at <root>/<aa>/<bb>/<key>, where aa and bb are the key's first two pairs
 * of hex digits, so no directory grows too large. Each file is written to a temporary file in its
 * final directory, flushed to disk and then renamed into place, so a reader never sees half a file
 * and a crash leaves at worst a stray `.tmp` file, never a wrong one. Files are owner-only (0600).
 * Every method rejects a key that is not 64 lowercase hex digits (throws), so a key taken from a
 * request can never reach outside `root`.
 */
export function localFileStorage(root: string): FileStorage {
  const pathFor = (key: string): string => {
    if (!isFileKey(key)) throw new TypeError('Not a file key (64 lowercase hex digits expected)');
    return join(root, key.slice(0, 2), key.slice(2, 4), key);
  };

  return {
    async put(bytes, type) {
      const key = fileKey(bytes);
      const path = pathFor(key);
      const stored: StoredFile = { key, size: bytes.byteLength, type };
      if (await isFile(path)) return stored;

      const dir = join(root, key.slice(0, 2), key.slice(2, 4));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Two uploads of the same bytes at once both get here; the second rename replaces the first
        // file with identical content, which readers cannot tell apart.
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw error;
      }
      return stored;
    },

    async get(key) {
      try {
        return await readFile(pathFor(key));
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    stream(key) {
      // Opened here, synchronously, so a missing file is null now rather than an 'error' event later,
      // and a file deleted while it is being served is still read to the end.
      let fd: number;
      try {
        fd = openSync(pathFor(key), 'r');
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
      return createReadStream('', { fd });
    },

    async delete(key) {
      try {
        await unlink(pathFor(key));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },

    async exists(key) {
      return isFile(pathFor(key));
    },
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export type UploadErrorCode = 'too-large' | 'type-not-allowed' | 'type-mismatch' | 'empty';

/** An upload refused by `checkUpload`; `code` says why, for a message in the learner's language. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  readonly code: UploadErrorCode;

  constructor(code: UploadErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Other names browsers and tools use for the types we accept. */
const TYPE_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
};

/** Declared types that say nothing about the content, as browsers send for files they do not know. */
const UNDECLARED = new Set(['', 'application/octet-stream']);

/**
 * Checks an upload: non-empty, ≤ maxBytes, sniffed type in `allowed`, and — when the client declared a
 * type or the file name has an extension — that it agrees with the bytes. Returns the sniffed type.
 * A declared `application/octet-stream` counts as no declaration. Any extension counts, so
 * `notes.txt` holding a PDF is a mismatch, as is `scan.pdf` holding a PNG. The size check here is
 * the last line; the HTTP layer should already stop reading a body past the limit.
 */
export function checkUpload(input: {
  bytes: Uint8Array;
  filename: string;
  declaredType?: string | undefined;
  maxBytes: number;
  allowed: readonly string[];
}): string {
  const { bytes, maxBytes } = input;
  if (bytes.byteLength === 0) throw new UploadError('empty', 'The file is empty.');
  if (bytes.byteLength > maxBytes) {
    throw new UploadError('too-large', `The file is ${bytes.byteLength} bytes; the limit is ${maxBytes}.`);
  }

  const sniffed = sniffType(bytes);
  if (sniffed === null || !input.allowed.includes(sniffed)) {
    throw new UploadError(
      'type-not-allowed',
      `The file is ${sniffed ?? 'of an unrecognised type'}; allowed: ${input.allowed.join(', ')}.`,
    );
  }

  const declared = normaliseType(input.declaredType ?? '');
  if (!UNDECLARED.has(declared) && declared !== sniffed) {
    throw new UploadError('type-mismatch', `The file was sent as ${declared} but is ${sniffed}.`);
  }

  const extension = extensionOf(input.filename);
  if (extension !== null && typeForExtension(extension) !== sniffed) {
    throw new UploadError('type-mismatch', `The file is named .${extension} but is ${sniffed}.`);
  }
  return sniffed;
}

function normaliseType(type: string): string {
  const bare = (type.split(';')[0] ?? '').trim().toLowerCase();
  return TYPE_ALIASES[bare] ?? bare;
}

/** The extension of the last path segment (browsers may send `C:\fakepath\name.pdf`), or null. */
function extensionOf(filename: string): string | null {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1).trim();
  const dot = base.lastIndexOf('.');
  // A leading dot is a hidden file's name, not an extension; a trailing dot is no extension.
  if (dot <= 0 || dot === base.length - 1) return null;
  return base.slice(dot + 1);
}
