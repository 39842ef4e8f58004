import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Agent } from '../../../test/support/agent.ts';
import { buildTestApp, linkIn } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { createMailer } from './mailer.ts';

const silent = { info() {} };

describe('outbox transport', () => {
  test('a message with an id is written once, however often its job runs', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-outbox-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const mailer = createMailer({ from: 'praxis@example.org', outboxDir: dir, log: silent });
    const message = { to: 'a@example.org', subject: 'Hi', text: 'Hello', locale: 'en', id: 'job-1' };
    await mailer.send(message);
    await mailer.send(message);
    await mailer.send({ ...message, id: 'job-2' });
    assert.deepEqual(readdirSync(dir).toSorted(), ['job-1.eml', 'job-2.eml']);
  });
});

for (const engine of engines()) {
  describe(`mail through the job queue on ${engine}`, () => {
    test('SMTP down: the form still answers, the mail waits in the queue and goes out when SMTP is back', async (t) => {
      const { app, outbox, mailDown, drain } = await buildTestApp(t, engine);
      mailDown(true);
      const agent = new Agent(app);
      const registered = await agent.post(
        '/en/register',
        {
          name: 'Ada Example',
          email: 'ada@example.org',
          password: 'correct horse battery staple',
          country: 'GH',
          locale: 'en',
          consent: 'yes',
        },
        { from: '/en/register' },
      );
      assert.equal(registered.statusCode, 303, 'the registration is kept, not a 500');
      assert.equal(outbox.length, 0);
      const { db } = app.services.database;
      const waiting = await db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'mail')
        .executeTakeFirstOrThrow();
      assert.equal(waiting.state, 'queued');
      assert.match(waiting.last_error ?? '', /SMTP unavailable/);
      assert.ok(Date.parse(waiting.run_at) > Date.now(), 'retried later, with backoff');

      mailDown(false);
      assert.equal(await drain(), 0, 'not before its retry time');
      // The retry time comes (moved here instead of waiting for it).
      await db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      assert.equal(await drain(), 1);
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0]!.to, 'ada@example.org');
      const verified = await agent.post(linkIn(outbox[0]), {});
      assert.equal(verified.statusCode, 200, 'the link in the late mail works');
      const sent = await db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', waiting.id)
        .executeTakeFirstOrThrow();
      assert.equal(sent.state, 'done');
      assert.equal(sent.attempts, 2);
    });
  });
}
