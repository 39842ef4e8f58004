import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { backoffDelay, createJobQueue, enqueue } from './job-queue.ts';

async function setup(t: { after(fn: () => Promise<void>): void }, engine: 'sqlite' | 'postgres') {
  const { database, dispose } = await createTestDatabase(engine);
  t.after(dispose);
  await database.migrate();
  return database;
}

describe('backoff', () => {
  test('doubles per attempt, stays within the cap, and is jittered over the upper half', () => {
    assert.equal(
      backoffDelay(1, 1000, 60_000, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(3, 1000, 60_000, () => 1),
      4000,
    );
    assert.equal(
      backoffDelay(3, 1000, 60_000, () => 0),
      2000,
    );
    assert.equal(
      backoffDelay(30, 1000, 60_000, () => 1),
      60_000,
    );
  });
});

for (const engine of engines()) {
  describe(`job queue on ${engine}`, () => {
    test('a job commits or rolls back with the transaction that enqueues it; a duplicate key is a no-op', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      const queue = createJobQueue({ db, engine: e });
      await db.transaction().execute(async (trx) => {
        await enqueue(trx, 'mail', { to: 'a' }, { key: 'k1' });
        await enqueue(trx, 'mail', { to: 'a again' }, { key: 'k1' });
        await enqueue(trx, 'other', { to: 'same key, other kind' }, { key: 'k1' });
      });
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await enqueue(trx, 'mail', { to: 'b' }, { key: 'k2' });
          throw new Error('the write failed');
        }),
      );
      const rows = await db.selectFrom('jobs').select(['kind', 'key', 'payload']).orderBy('kind').execute();
      assert.deepEqual(
        rows.map((r) => [r.kind, r.key, JSON.parse(r.payload)]),
        [
          ['mail', 'k1', { to: 'a' }],
          ['other', 'k1', { to: 'same key, other kind' }],
        ],
      );
      const ran: unknown[] = [];
      queue.register('mail', { run: async (payload) => void ran.push(payload) });
      assert.equal(await queue.drain(), 1, 'only registered kinds are claimed');
      assert.deepEqual(ran, [{ to: 'a' }]);
      const mail = await db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'mail')
        .executeTakeFirstOrThrow();
      assert.equal(mail.state, 'done');
      assert.equal(mail.attempts, 1);
      assert.equal(mail.locked_by, null);
    });

    test('a failing job is retried with backoff, then dead after its attempts; retry now runs it again', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      const queue = createJobQueue({ db, engine: e, backoffMs: 60_000 });
      let failing = true;
      let runs = 0;
      queue.register('flaky', {
        async run() {
          runs++;
          if (failing) throw new Error('SMTP connection refused');
        },
      });
      await enqueue(db, 'flaky', {}, { key: 'x', maxAttempts: 2 });
      assert.equal(await queue.drain(), 1);
      let job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      assert.equal(job.state, 'queued');
      assert.equal(job.last_error, 'SMTP connection refused');
      const delay = Date.parse(job.run_at) - Date.now();
      assert.ok(delay > 25_000 && delay <= 60_000, `retry waits with backoff (${delay} ms)`);
      assert.equal(await queue.drain(), 0, 'not due again yet');

      await db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1).toISOString() })
        .execute();
      assert.equal(await queue.drain(), 1);
      job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      assert.equal(job.state, 'dead', 'dead after max attempts');
      assert.equal(job.attempts, 2);

      const stats = await queue.stats();
      assert.deepEqual(stats.byStateAndKind, [{ state: 'dead', kind: 'flaky', count: 1 }]);
      assert.equal(stats.recentFailures.length, 1);
      assert.equal(stats.recentFailures[0]!.lastError, 'SMTP connection refused');

      failing = false;
      assert.equal(await queue.retryNow(job.id), true);
      assert.equal(await queue.drain(), 1);
      job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      assert.equal(job.state, 'done');
      assert.equal(runs, 3);
      assert.equal(await queue.retryNow(job.id), false, 'a done job is not retried');
    });

    test('a job whose worker died is claimed again once its lease runs out', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      const dying = createJobQueue({ db, engine: e, leaseMs: 200 });
      dying.register('work', { run: async () => {} });
      await enqueue(db, 'work', { n: 1 });
      const claimed = await dying.claim('dead-worker');
      assert.ok(claimed, 'the first worker claims it, then dies without finishing');

      const survivor = createJobQueue({ db, engine: e, leaseMs: 200 });
      let ran = 0;
      survivor.register('work', { run: async () => void ran++ });
      assert.equal(await survivor.drain(), 0, 'held while the lease lasts');
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(await survivor.drain(), 1);
      assert.equal(ran, 1);
      const job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      assert.equal(job.state, 'done');
      assert.equal(job.attempts, 2);
    });

    test('concurrent workers each take a different job: every job runs once', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      for (let i = 0; i < 30; i++) await enqueue(db, 'count', { i });
      const seen: number[] = [];
      const workers = [1, 2, 3].map(() => {
        const queue = createJobQueue({ db, engine: e });
        queue.register<{ i: number }>('count', {
          async run({ i }) {
            seen.push(i);
            await new Promise((resolve) => setTimeout(resolve, 1));
          },
        });
        return queue;
      });
      await Promise.all(workers.map((w) => w.drain()));
      assert.deepEqual(
        seen.toSorted((a, b) => a - b),
        Array.from({ length: 30 }, (_, i) => i),
      );
    });

    test('recurring work is enqueued once per period however many nodes schedule it', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      const nodes = [1, 2].map(() => {
        const queue = createJobQueue({ db, engine: e });
        queue.every('rollup', 10 * 60_000);
        return queue;
      });
      for (const node of nodes) {
        await node.schedule();
        await node.schedule();
      }
      const rows = await db.selectFrom('jobs').select(['kind', 'state']).execute();
      assert.deepEqual(
        rows.map((r) => [r.kind, r.state]),
        [['rollup', 'queued']],
      );
    });

    test('a started worker runs jobs enqueued after it started, and stops cleanly', async (t) => {
      const { db, engine: e } = await setup(t, engine);
      const queue = createJobQueue({ db, engine: e, pollMs: 20 });
      const done = Promise.withResolvers<unknown>();
      queue.register('hello', { run: async (payload) => done.resolve(payload) });
      queue.start();
      try {
        await enqueue(db, 'hello', { hi: true });
        assert.deepEqual(await done.promise, { hi: true });
      } finally {
        // Before the database is dropped.
        await queue.stop();
      }
    });
  });
}
