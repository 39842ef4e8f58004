import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CALL_FORM } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';
import { utcToZoned, zonedToUtc } from './zoned-time.ts';

const PASSWORD = 'call admin password';

async function agentWith(app: FastifyInstance, email: string, roles: ('admin' | 'reviewer')[]) {
  await app.services.identity.addUser({ email, name: email, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

test('call dates are wall-clock times in the call’s own time zone', () => {
  assert.equal(zonedToUtc('2027-03-01T23:59', 'Asia/Seoul')?.toISOString(), '2027-03-01T14:59:00.000Z');
  assert.equal(
    zonedToUtc('2027-07-01T12:00', 'Europe/Paris')?.toISOString(),
    '2027-07-01T10:00:00.000Z',
    'summer time',
  );
  assert.equal(
    zonedToUtc('2027-01-01T12:00', 'Europe/Paris')?.toISOString(),
    '2027-01-01T11:00:00.000Z',
    'winter time',
  );
  assert.equal(utcToZoned('2027-03-01T14:59:00.000Z', 'Asia/Seoul'), '2027-03-01T23:59');
  assert.equal(zonedToUtc('tomorrow', 'UTC'), null);
  assert.equal(zonedToUtc('2027-01-01T12:00', 'Mars/Olympus'), null);
});

for (const engine of engines()) {
  describe(`calls on ${engine}`, () => {
    test('admins create a call; errors are shown next to the fields with the input kept', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const admin = await agentWith(app, 'admin@example.org', ['admin']);
      const bad = await admin.post(
        '/en/admin/calls/new',
        { ...CALL_FORM, slug: 'Not A Slug', closes_at: '2025-01-01T00:00', criterion_0_scale: '99' },
        { from: '/en/admin/calls/new' },
      );
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Use lowercase letters, digits and hyphens/);
      assert.match(bad.body, /The call must close after it opens/);
      assert.match(bad.body, /Use a highest score from 2 to 10/);
      assert.match(bad.body, /value="AI ethics in practice 2027"/, 'input kept');
      const created = await admin.post('/en/admin/calls/new', CALL_FORM, { from: '/en/admin/calls/new' });
      assert.equal(created.statusCode, 303);
      const again = await admin.post('/en/admin/calls/new', CALL_FORM, { from: '/en/admin/calls/new' });
      assert.equal(again.statusCode, 422);
      assert.match(again.body, /Another call already uses this address/);

      const visitor = new Agent(app);
      assert.equal(
        (await visitor.get('/en/calls/practice-2027')).statusCode,
        404,
        'a draft call is not public',
      );
      const list = await admin.get('/en/admin/calls');
      const id = /\/en\/admin\/calls\/([^/]+)\/edit/.exec(list.body)?.[1];
      assert.ok(id);
      assert.equal(
        (await admin.post(`/en/admin/calls/${id}/phase`, { to: 'review' }, { from: '/en/admin/calls' }))
          .statusCode,
        404,
        'phases cannot be skipped',
      );
      assert.equal(
        (await admin.post(`/en/admin/calls/${id}/phase`, { to: 'open' }, { from: '/en/admin/calls' }))
          .statusCode,
        303,
      );

      const page = await visitor.get('/ko/calls/practice-2027');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /2027 인공지능 윤리 실천 사례/);
      assert.match(page.body, /실천 사례 제출하기/);
      assert.match(page.body, /Who can submit\?/, 'FAQ falls back to English');
      assert.match(page.body, /이중 블라인드/);
      assert.match((await visitor.get('/en/calls')).body, /href="\/en\/calls\/practice-2027"/);

      const edit = await admin.get(`/en/admin/calls/${id}/edit`);
      assert.match(edit.body, /value="2030-12-31T23:59"/, 'dates shown in the call’s time zone');
      const call = await (await import('./calls.ts'))
        .createCallStore(app.services.database.db)
        .bySlug('practice-2027');
      assert.equal(call?.closesAt, '2030-12-31T14:59:00.000Z');
      assert.deepEqual(
        call?.rubric.map((r) => [r.id, r.scale, r.weight, r.required]),
        [
          ['impact', 5, 2, true],
          ['transferability', 5, 1, false],
        ],
      );
    });

    test('only admins manage calls', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const reviewer = await agentWith(app, 'reviewer@example.org', ['reviewer']);
      assert.equal((await reviewer.get('/en/admin/calls')).statusCode, 403);
      assert.equal(
        (await reviewer.post('/en/admin/calls/new', CALL_FORM, { from: '/en/calls' })).statusCode,
        403,
      );
      assert.equal((await new Agent(app).get('/en/admin/calls/new')).statusCode, 303);
    });
  });
}
