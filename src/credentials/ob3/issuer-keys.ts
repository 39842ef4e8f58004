// Ed25519 signing keys of the credential issuer, its did:web identifier, DID document and JWKS.
//
// Keys live in DATA_DIR/keys/ed25519-<n>.json (folder 0700, files 0600), n = 1, 2, 3… The key
// with the highest n signs; older keys stay listed in the DID document and the JWKS so that
// every credential signed before a rotation keeps verifying. A key file holds
//   { "type": "Multikey", "n": 1, "created": "<ISO>", "publicKeyMultibase": "z6Mk…",
//     "secretKeyMultibase": "z3u2…" }
// (Multikey multibase encodings: base58btc of the multicodec ed25519-pub / ed25519-priv header
// plus the 32-byte key). Key ids are not stored: they follow from PUBLIC_URL at load time, as
// did:web:<host>#key-<n>.
//
// CREDENTIAL_SIGNING_KEY, when set and non-empty, replaces the key files (nothing is read from or
// written to DATA_DIR/keys then). Accepted forms:
//   1. a multibase Ed25519 secret key, "z…" — the secretKeyMultibase of a key file — used as key-1;
//   2. JSON: one key object or an array of them, oldest first, each either shaped like a key file
//      ({ "secretKeyMultibase": "z…", optional "n", "publicKeyMultibase", "created" }) or an
//      Ed25519 private JWK ({ "kty": "OKP", "crv": "Ed25519", "d": "…", "x": "…", optional "n" }).
//      Without "n", a key's number is its position in the array (1-based). The last key signs.
// Rotating such keys is done by appending a new key to the array (keep the old ones); rotateKey()
// refuses, since it cannot write to the environment.

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './document-loader.ts';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface IssuerKey {
  /** The key's number: file ed25519-<n>.json, verification method #key-<n>. */
  readonly n: number;
  /** Verification method id: did:web:<host>#key-<n>. */
  readonly id: string;
  /** The issuer DID, did:web:<host>. */
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly publicKeyJwk: PublicJwk;
  /** ISO date-time of creation (for env keys without one: the time they were loaded). */
  readonly created: string;
  /** Secret key, multibase. Not enumerable, so JSON.stringify and object spread leave it out. */
  readonly secretKeyMultibase: string;
}

export interface IssuerKeyring {
  /** did:web:<host>, derived from publicUrl. */
  readonly did: string;
  readonly publicUrl: string;
  /** Where the keys came from: DATA_DIR/keys files, or CREDENTIAL_SIGNING_KEY. */
  readonly source: 'file' | 'env';
  /** All keys, oldest first. */
  readonly keys: readonly IssuerKey[];
  /** The signing key (the highest n). */
  readonly current: IssuerKey;
  /** Creates a new current key (ed25519-<n+1>.json) and keeps the old ones; file keys only. */
  rotateKey(): Promise<IssuerKey>;
  /** Re-reads the key files, picking up a rotation made by another process; file keys only. */
  reload(): Promise<void>;
}

export class IssuerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssuerKeyError';
  }
}

const KEY_FILE = /^ed25519-([1-9][0-9]{0,8})\.json$/;

/**
 * The did:web DID for a public URL: did:web:<host>, the port's colon encoded as %3A, and any path
 * segments appended as :<segment> (did:web method specification).
 */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IssuerKeyError(`publicUrl must be an http(s) URL; got "${publicUrl}"`);
  }
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return ['did:web', host, ...segments].join(':');
}

/**
 * The URL path at which the DID document must be served for did:web resolution:
 * /.well-known/did.json for a bare host, /<path>/did.json when publicUrl has a path.
 */
export function didDocumentPath(publicUrl: string): string {
  const path = new URL(publicUrl).pathname.replace(/\/+$/, '');
  return path === '' ? '/.well-known/did.json' : `${path}/did.json`;
}

/** Key material as stored in a key file or given in CREDENTIAL_SIGNING_KEY (secret included). */
export interface KeyMaterial {
  n: number;
  created: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

async function toIssuerKey(material: KeyMaterial, did: string): Promise<IssuerKey> {
  const id = `${did}#key-${material.n}`;
  const pair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id,
    controller: did,
    publicKeyMultibase: material.publicKeyMultibase,
    secretKeyMultibase: material.secretKeyMultibase,
  });
  const jwk = await Ed25519Multikey.toJwk({ keyPair: pair });
  const key = {
    n: material.n,
    id,
    controller: did,
    publicKeyMultibase: material.publicKeyMultibase,
    publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: id, alg: 'EdDSA', use: 'sig' } as const,
    created: material.created,
  };
  Object.defineProperty(key, 'secretKeyMultibase', { value: material.secretKeyMultibase, enumerable: false });
  return Object.freeze(key) as IssuerKey;
}

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58btcDecode(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) throw new IssuerKeyError(`"${char}" is not a base58btc character`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.push(Number(value & 0xffn));
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** Multicodec header of an ed25519-priv key (0x1300 as a varint). */
const ED25519_PRIV_HEADER = [0x80, 0x26];

/**
 * Decodes a secret key multibase (the 32-byte seed form, or the 64-byte seed + public key form)
 * and derives the public key; returns the canonical 32-byte form of the secret.
 */
async function materialFromSecret(
  secretKeyMultibase: unknown,
  n: number,
  created: string,
  expectedPublic?: unknown,
): Promise<KeyMaterial> {
  if (typeof secretKeyMultibase !== 'string' || !secretKeyMultibase.startsWith('z')) {
    throw new IssuerKeyError(
      `Key ${n}: the secret key must be a base58btc multibase string starting with "z"`,
    );
  }
  const bytes = base58btcDecode(secretKeyMultibase.slice(1));
  if (bytes[0] !== ED25519_PRIV_HEADER[0] || bytes[1] !== ED25519_PRIV_HEADER[1]) {
    throw new IssuerKeyError(`Key ${n}: the secret key is not an Ed25519 (ed25519-priv multicodec) key`);
  }
  const body = bytes.subarray(2);
  if (body.length !== 32 && body.length !== 64) {
    throw new IssuerKeyError(`Key ${n}: an Ed25519 secret key has 32 (or 64) bytes, not ${body.length}`);
  }
  const pair = await Ed25519Multikey.generate({ seed: body.slice(0, 32) });
  if (body.length === 64 && !body.subarray(32).every((byte, i) => byte === pair.publicKey[i])) {
    throw new IssuerKeyError(`Key ${n}: the 64-byte secret key holds a public key that does not match it`);
  }
  if (expectedPublic !== undefined && expectedPublic !== pair.publicKeyMultibase) {
    throw new IssuerKeyError(`Key ${n}: publicKeyMultibase does not belong to its secret key`);
  }
  const exported = await pair.export({ secretKey: true, canonicalize: true, includeContext: false });
  return {
    n,
    created,
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase!,
  };
}

function ensureKeyDir(dataDir: string): string {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

async function readKeyFiles(dir: string): Promise<KeyMaterial[]> {
  const out: KeyMaterial[] = [];
  for (const name of readdirSync(dir)) {
    const match = KEY_FILE.exec(name);
    if (!match) continue;
    const n = Number(match[1]);
    const path = join(dir, name);
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, 0o600);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new IssuerKeyError(`Key file ${path} is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed.n !== undefined && parsed.n !== n) {
      throw new IssuerKeyError(`Key file ${path} says n = ${String(parsed.n)}, its name says ${n}`);
    }
    const created = typeof parsed.created === 'string' ? parsed.created : statSync(path).mtime.toISOString();
    out.push(await materialFromSecret(parsed.secretKeyMultibase, n, created, parsed.publicKeyMultibase));
  }
  return out.sort((a, b) => a.n - b.n);
}

/**
 * Writes ed25519-<n>.json owner-only, atomically and without ever overwriting: the content goes
 * to a private temporary file that is then hard-linked to the final name (which fails if another
 * process created that key first). Returns false when the name was taken.
 */
function writeKeyFile(dir: string, material: KeyMaterial): boolean {
  const final = join(dir, `ed25519-${material.n}.json`);
  const temp = join(dir, `.ed25519-${material.n}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const body = {
    type: 'Multikey',
    n: material.n,
    created: material.created,
    publicKeyMultibase: material.publicKeyMultibase,
    secretKeyMultibase: material.secretKeyMultibase,
  };
  writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600);
  try {
    linkSync(temp, final);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

async function newKeyMaterial(n: number): Promise<KeyMaterial> {
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({ secretKey: true, canonicalize: true, includeContext: false });
  return {
    n,
    created: new Date().toISOString(),
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase!,
  };
}

/** Creates key number max(n)+1 (or 1) on disk, retrying if another process took that number. */
async function createNextKey(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await readKeyFiles(dir);
    const n = (existing.at(-1)?.n ?? 0) + 1;
    if (writeKeyFile(dir, await newKeyMaterial(n))) return;
  }
  throw new IssuerKeyError(`Could not create a new key in ${dir}: key numbers kept being taken`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses CREDENTIAL_SIGNING_KEY (see the comment at the top of this file). */
export async function parseSigningKeyEnv(
  raw: string,
  loadedAt = new Date().toISOString(),
): Promise<KeyMaterial[]> {
  const text = raw.trim();
  if (text.startsWith('z')) return [await materialFromSecret(text, 1, loadedAt)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IssuerKeyError(
      'CREDENTIAL_SIGNING_KEY must be a multibase Ed25519 secret key ("z…") or JSON (a key object or an array of them)',
    );
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  if (entries.length === 0) throw new IssuerKeyError('CREDENTIAL_SIGNING_KEY holds an empty array');
  const out: KeyMaterial[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isRecord(entry))
      throw new IssuerKeyError(`CREDENTIAL_SIGNING_KEY entry ${index + 1} is not an object`);
    const n = entry.n === undefined ? index + 1 : entry.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new IssuerKeyError(
        `CREDENTIAL_SIGNING_KEY entry ${index + 1}: "n" must be a positive whole number`,
      );
    }
    const created = typeof entry.created === 'string' ? entry.created : loadedAt;
    if (typeof entry.secretKeyMultibase === 'string') {
      out.push(await materialFromSecret(entry.secretKeyMultibase, n, created, entry.publicKeyMultibase));
    } else if (entry.kty === 'OKP' && entry.crv === 'Ed25519' && typeof entry.d === 'string') {
      const seed = Buffer.from(entry.d, 'base64url');
      if (seed.length !== 32) {
        throw new IssuerKeyError(
          `CREDENTIAL_SIGNING_KEY entry ${index + 1}: "d" must be 32 bytes, base64url`,
        );
      }
      const pair = await Ed25519Multikey.generate({ seed });
      if (entry.x !== undefined && entry.x !== Buffer.from(pair.publicKey).toString('base64url')) {
        throw new IssuerKeyError(`CREDENTIAL_SIGNING_KEY entry ${index + 1}: "x" does not belong to "d"`);
      }
      out.push(await materialFromSecret(pair.secretKeyMultibase, n, created));
    } else {
      throw new IssuerKeyError(
        `CREDENTIAL_SIGNING_KEY entry ${index + 1} needs "secretKeyMultibase" or an Ed25519 private JWK ("d")`,
      );
    }
  }
  const numbers = new Set(out.map((material) => material.n));
  if (numbers.size !== out.length) throw new IssuerKeyError('CREDENTIAL_SIGNING_KEY: two keys share one "n"');
  return out.sort((a, b) => a.n - b.n);
}

/**
 * Loads the issuer's keys: from CREDENTIAL_SIGNING_KEY when set, else from DATA_DIR/keys,
 * generating ed25519-1.json on first start.
 */
export async function loadOrCreateKeys(
  dataDir: string,
  publicUrl: string,
  env: Record<string, string | undefined> = process.env,
): Promise<IssuerKeyring> {
  const did = didWebFromUrl(publicUrl);
  const fromEnv = env.CREDENTIAL_SIGNING_KEY;
  let keys: IssuerKey[];

  const toKeys = (materials: KeyMaterial[]) =>
    Promise.all(materials.map((material) => toIssuerKey(material, did)));

  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    keys = await toKeys(await parseSigningKeyEnv(fromEnv));
    const envKeys = keys;
    return Object.freeze({
      did,
      publicUrl,
      source: 'env' as const,
      keys: envKeys,
      current: envKeys.at(-1)!,
      async rotateKey(): Promise<IssuerKey> {
        throw new IssuerKeyError(
          'The signing keys come from CREDENTIAL_SIGNING_KEY: rotate by appending a new key to its JSON array ' +
            '(keep the old keys so earlier credentials stay verifiable) and restarting',
        );
      },
      async reload(): Promise<void> {},
    });
  }

  const dir = ensureKeyDir(dataDir);
  let materials = await readKeyFiles(dir);
  if (materials.length === 0) {
    // First start. Several workers may get here at once: exactly one of them creates key 1 (the
    // others' hard link fails) and all of them then read that one key.
    writeKeyFile(dir, await newKeyMaterial(1));
    materials = await readKeyFiles(dir);
  }
  keys = await toKeys(materials);

  const keyring = {
    did,
    publicUrl,
    source: 'file' as const,
    get keys(): readonly IssuerKey[] {
      return keys;
    },
    get current(): IssuerKey {
      return keys.at(-1)!;
    },
    async rotateKey(): Promise<IssuerKey> {
      await createNextKey(dir);
      keys = await toKeys(await readKeyFiles(dir));
      return keys.at(-1)!;
    },
    async reload(): Promise<void> {
      keys = await toKeys(await readKeyFiles(dir));
    },
  };
  return Object.freeze(keyring);
}

function isKeyList(keys: IssuerKeyring | readonly IssuerKey[]): keys is readonly IssuerKey[] {
  return Array.isArray(keys);
}

/** The key as a private JWK (OKP / Ed25519, with "d"), e.g. for jose. Keep it out of responses. */
export function privateKeyJwk(key: IssuerKey): PublicJwk & { d: string } {
  const bytes = base58btcDecode(key.secretKeyMultibase.slice(1));
  return { ...key.publicKeyJwk, d: Buffer.from(bytes.subarray(2, 34)).toString('base64url') };
}

function keyList(keys: IssuerKeyring | readonly IssuerKey[]): readonly IssuerKey[] {
  return isKeyList(keys) ? keys : keys.keys;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: Array<{ id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string }>;
  assertionMethod: string[];
}

/**
 * The did:web DID document for publicUrl (serve it at didDocumentPath(publicUrl)): every key,
 * old and current, as a Multikey verification method that may make assertions.
 */
export function didDocument(keys: IssuerKeyring | readonly IssuerKey[], publicUrl: string): DidDocument {
  const did = didWebFromUrl(publicUrl);
  const list = keyList(keys);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: list.map((key) => ({
      id: `${did}#key-${key.n}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    })),
    assertionMethod: list.map((key) => `${did}#key-${key.n}`),
  };
}

/** The public keys as a JWK Set (OKP / Ed25519, kid = the key's DID URL), e.g. for VC-JWT verifiers. */
export function jwks(keys: IssuerKeyring | readonly IssuerKey[]): { keys: PublicJwk[] } {
  return { keys: keyList(keys).map((key) => ({ ...key.publicKeyJwk })) };
}
