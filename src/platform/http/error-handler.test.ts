import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { Agent } from '../../../test/support/agent.ts';
import { buildTestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';

function logCapture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

for (const engine of engines()) {
  describe(`error handler on ${engine}`, () => {
    test('a 500 logs its cause with the route and a request id, and the page shows that id', async (t) => {
      const log = logCapture();
      const { app } = await buildTestApp(t, engine, { logger: { level: 'error', stream: log.stream } });
      app.get('/:locale/test-boom', async () => {
        throw new Error('the real cause');
      });
      const response = await new Agent(app).get('/ko/test-boom');
      assert.equal(response.statusCode, 500);
      const id = response.headers['x-request-id'];
      assert.match(String(id), /^[0-9a-f]{12}$/);
      assert.match(response.body, /이 문제를 알릴 때 쓸 참조 번호:/);
      assert.ok(response.body.includes(`<code>${id}</code>`));
      assert.doesNotMatch(response.body, /the real cause/);
      const entry = log.lines.find((l) => l.msg === 'request failed');
      assert.ok(entry, 'the failure was logged');
      assert.equal(entry.route, 'GET /:locale/test-boom');
      assert.equal(entry.reqId, id);
      assert.match(String((entry.err as { message: string }).message), /the real cause/);
    });
  });
}

test('a write that fills the SQLite disk reports the real cause, not a failed rollback', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { db } = app.services.database;
  await sql`create table filler (b blob)`.execute(db);
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await sql`insert into filler values (zeroblob(1000))`.execute(trx);
      await sql`insert into filler values (zeroblob(10000000))`.execute(trx);
    }),
    /database or disk is full/,
  );
});

test('a read-only SQLite database answers 503 on a write, shows the input back and writes nothing', async (t) => {
  const log = logCapture();
  const { app } = await buildTestApp(t, 'sqlite', { logger: { level: 'error', stream: log.stream } });
  const agent = new Agent(app);
  await agent.get('/en/register');
  const { db } = app.services.database;
  await sql`pragma query_only = on`.execute(db);
  const response = await agent.post('/en/register', {
    name: 'Ada Example',
    email: 'ada@example.org',
    password: 'a long enough password',
    country: 'KR',
    locale: 'en',
    consent: 'yes',
  });
  assert.equal(response.statusCode, 503);
  assert.match(response.body, /Could not save right now/);
  assert.match(response.body, /ada@example\.org/);
  assert.match(response.body, /Ada Example/);
  assert.doesNotMatch(response.body, /a long enough password/);
  await sql`pragma query_only = off`.execute(db);
  const users = await db.selectFrom('users').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(users.n), 0);
  const entry = log.lines.find((l) => String(l.msg).startsWith('request failed'));
  assert.ok(entry);
  assert.match(String((entry.err as { message: string }).message), /readonly|read-only/);
});
