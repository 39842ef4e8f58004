import { type Db, inTransaction } from '../platform/db/database.ts';
import type { UserTokensTable } from '../platform/db/schema.ts';
import { hashToken, newToken, nowIso } from '../platform/ids.ts';

type Purpose = UserTokensTable['purpose'];

const LIFETIME_MS: Record<Purpose, number> = {
  'verify-email': 48 * 3600_000,
  'reset-password': 3600_000,
  'change-email': 24 * 3600_000,
  'set-password': 7 * 24 * 3600_000,
};

/**
 * Issues a one-time emailed token; earlier unused tokens of the same purpose stop working. Joins the
 * caller's transaction when given one (the mail carrying the token commits with it).
 */
export async function issueToken(db: Db, userId: string, purpose: Purpose, payload: string | null = null) {
  const token = newToken();
  const now = new Date();
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('user_tokens')
      .set({ used_at: nowIso(now) })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('user_tokens')
      .values({
        id: hashToken(token),
        user_id: userId,
        purpose,
        payload,
        created_at: nowIso(now),
        expires_at: nowIso(new Date(now.getTime() + LIFETIME_MS[purpose])),
        used_at: null,
      })
      .execute();
  });
  return token;
}

/** Finds a live token without using it up (for showing the form a link opens). */
export async function peekToken(db: Db, token: string, purpose: Purpose) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom('user_tokens')
    .selectAll()
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

/**
 * Uses a token up, once: the conditional update makes a double-clicked link or a replayed form succeed
 * at most one time even when two requests race.
 */
export async function consumeToken(db: Db, token: string, purpose: Purpose) {
  const row = await peekToken(db, token, purpose);
  if (!row) return undefined;
  const result = await db
    .updateTable('user_tokens')
    .set({ used_at: nowIso() })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? row : undefined;
}
