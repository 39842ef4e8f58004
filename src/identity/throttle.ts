import type { Db } from '../platform/db/database.ts';
import { newId, nowIso } from '../platform/ids.ts';

/**
 * Per-account attempt counting, kept in the database so every app node sees the same count.
 * (Per-IP limits are the HTTP layer's rate limiter.)
 */
export async function attemptsSince(db: Db, bucket: string, windowMs: number): Promise<number> {
  const row = await db
    .selectFrom('auth_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bucket', '=', bucket)
    .where('created_at', '>', nowIso(new Date(Date.now() - windowMs)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordAttempt(db: Db, bucket: string): Promise<void> {
  await db.insertInto('auth_attempts').values({ id: newId(), bucket, created_at: nowIso() }).execute();
}

export async function clearAttempts(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('auth_attempts').where('bucket', '=', bucket).execute();
}
