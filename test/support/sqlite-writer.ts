// A worker thread standing in for another process: read-then-write transactions on a SQLite file.
import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, sql } from 'kysely';
import { nodeSqliteDialect } from '../../src/platform/db/sqlite-dialect.ts';

const { file, count } = workerData as { file: string; count: number };
const db = new Kysely<{ cache_generations: { id: number; generation: number } }>({
  dialect: nodeSqliteDialect(file).dialect,
});
let failures = 0;
for (let i = 0; i < count; i++) {
  try {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('cache_generations').select('generation').executeTakeFirstOrThrow();
      await sql`update cache_generations set generation = ${Number(row.generation) + 1}`.execute(trx);
    });
  } catch {
    failures++;
  }
}
await db.destroy();
parentPort?.postMessage(failures);
