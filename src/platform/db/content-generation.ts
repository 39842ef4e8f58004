import type { Db } from './database.ts';

/**
 * The content generation: moved on by triggers (migration 0012) inside every transaction that writes a
 * table public pages show, so every process and node reads the same value once the write commits.
 */
export async function contentGeneration(db: Db): Promise<number> {
  const row = await db
    .selectFrom('cache_generations')
    .select('generation')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(row?.generation ?? 0);
}
