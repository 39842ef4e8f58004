import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { newId, nowIso } from '../ids.ts';
import { contentGeneration } from './content-generation.ts';
import { openDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';

for (const engine of engines()) {
  describe(`database on ${engine}`, () => {
    test('migrations apply once and are recorded', async (t) => {
      const { database, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      assert.equal(database.engine, engine);
      assert.deepEqual(await database.migrate(), Object.keys(migrations));
      assert.deepEqual(await database.migrate(), [], 'a second run has nothing to do');
      assert.equal(await database.ping(), true);
    });

    test('counts come back as numbers and constraints hold on both engines', async (t) => {
      const { database, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      await database.migrate();
      const { db } = database;
      const user = (email: string) => ({
        id: newId(),
        email,
        email_verified_at: null,
        name: 'N',
        password_hash: null,
        country: 'KR',
        locale: 'ko',
        consent_version: 'v',
        consent_at: nowIso(),
        created_at: nowIso(),
        updated_at: nowIso(),
        last_active_at: null,
        deleted_at: null,
      });
      await db
        .insertInto('users')
        .values([user('a@x.org'), user('b@x.org')])
        .execute();
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.strictEqual(n, 2);
      await assert.rejects(db.insertInto('users').values(user('a@x.org')).execute(), 'email is unique');
      await assert.rejects(
        db
          .insertInto('user_roles')
          .values({ user_id: 'missing', role: 'admin', granted_at: nowIso() })
          .execute(),
        'foreign keys are enforced',
      );
      const inserted = await db
        .insertInto('audit_log')
        .values({
          id: newId(),
          actor_id: null,
          action: 'a',
          target_type: 't',
          target_id: 'x',
          detail: '{}',
          created_at: nowIso(),
        })
        .returning('id')
        .execute();
      assert.equal(inserted.length, 1, 'INSERT … RETURNING returns the row');
    });

    test('a failed transaction leaves nothing behind', async (t) => {
      const { database, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      await database.migrate();
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('auth_attempts')
            .values({ id: newId(), bucket: 'b', created_at: nowIso() })
            .execute();
          throw new Error('abort');
        }),
      );
      const rows = await database.db.selectFrom('auth_attempts').selectAll().execute();
      assert.equal(rows.length, 0);
    });
  });
}

if (engines().includes('postgres')) {
  test('a PostgreSQL connection dropped by the server while idle does not crash the process', async (t) => {
    const { database, dispose } = await createTestDatabase('postgres');
    t.after(dispose);
    await database.migrate();
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await database.ping(), true, 'the pool reconnects');
  });
}

test('SQLite reuses prepared statements and stays correct past the cache size', async (t) => {
  const { database, dispose } = await createTestDatabase('sqlite');
  t.after(dispose);
  await database.migrate();
  // More distinct statements than the cache holds, then the first ones again (evicted and re-prepared),
  // then one statement many times with different parameters (reused).
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 600; i++) {
      const { rows } = await sql<{ n: number }>`select ${sql.raw(String(i))} + ${round} as n`.execute(
        database.db,
      );
      assert.equal(Number(rows[0]?.n), i + round);
    }
  }
  for (let i = 0; i < 50; i++) {
    const { rows } = await sql<{ n: number }>`select ${i} * 2 as n`.execute(database.db);
    assert.equal(Number(rows[0]?.n), i * 2);
  }
});

test('SQLite: read-then-write transactions from two processes wait for each other instead of failing', async (t) => {
  const { database, dataDir, dispose } = await createTestDatabase('sqlite');
  t.after(dispose);
  await database.migrate();
  const file = join(dataDir, 'test.sqlite');
  const count = 150;
  const run = () =>
    new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL('../../../test/support/sqlite-writer.ts', import.meta.url), {
        workerData: { file, count },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const before = await contentGeneration(database.db);
  const failures = await Promise.all([run(), run()]);
  assert.deepEqual(failures, [0, 0], 'no SQLITE_BUSY_SNAPSHOT');
  // Each increment read the value the other had committed: none was lost.
  assert.equal(await contentGeneration(database.db), before + 2 * count);
});

test('SQLite commits with synchronous=NORMAL by default and FULL when asked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-sync-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const level = async (sqliteSynchronous?: 'normal' | 'full') => {
    const database = openDatabase({ sqliteFile: join(dir, 'sync.sqlite'), sqliteSynchronous });
    try {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
      return Number(rows[0]?.synchronous);
    } finally {
      await database.close();
    }
  };
  assert.equal(await level(), 1, 'NORMAL');
  assert.equal(await level('full'), 2, 'FULL');
});

test('every migration can be undone, so migrating down never leaves one recorded behind', () => {
  for (const [name, migration] of Object.entries(migrations)) {
    assert.equal(typeof migration.down, 'function', `${name} has a down()`);
  }
});
