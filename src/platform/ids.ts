import { createHash, randomBytes } from 'node:crypto';

/**
 * A new identifier: 48 bits of time (so rows sort by creation) and 80 random bits, base32-like.
 * Unguessable enough for URLs where privacy matters; `token()` is for secrets.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return time + randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').toLowerCase();
}

/** A secret for a link or cookie: 256 random bits. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret token: a leaked table then holds nothing usable. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}
