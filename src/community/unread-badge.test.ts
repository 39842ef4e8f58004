import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agent } from '../../test/support/agent.ts';
import { engines } from '../../test/support/engines.ts';
import { person, setUp, startThread, threadIdOf, UNIT } from './test-setup.ts';

/** The header's notifications link, as rendered on a page. */
function notificationsLink(body: string, locale = 'en'): string {
  const match = new RegExp(`<a href="/${locale}/notifications">(.*?)</a>`).exec(body);
  assert.ok(match, 'the header links to the notifications');
  return match[1]!;
}

const reply = (agent: Agent, threadId: string, body: string) =>
  agent.post(
    `/en/discussions/${threadId}/replies`,
    { body, language: 'en' },
    { from: `/en/discussions/${threadId}` },
  );

for (const engine of engines()) {
  describe(`the unread badge on ${engine}`, () => {
    test('counts replies as they arrive, in the page language, and clears when read', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org', { name: 'Ann Learner' });
      const ben = await person(app, 'ben@example.org', { name: 'Ben Learner' });

      const posted = await startThread(ann.agent, UNIT, { title: 'Who audits the auditors?' });
      const threadId = threadIdOf(posted.headers.location);
      assert.equal(notificationsLink((await ann.agent.get('/en/learn')).body), 'Notifications', 'none yet');

      assert.equal((await reply(ben.agent, threadId, 'External bodies, mostly.')).statusCode, 303);
      assert.equal(
        notificationsLink((await ann.agent.get('/en/learn')).body),
        'Notifications<span aria-hidden="true"> (1)</span><span class="visually-hidden"> 1 unread</span>',
        'seen as "Notifications (1)", heard as "Notifications 1 unread"',
      );
      await reply(ben.agent, threadId, 'And sometimes a regulator.');
      assert.match(notificationsLink((await ann.agent.get('/en/learn')).body), /\(2\).* 2 unread</);
      assert.match(notificationsLink((await ann.agent.get('/ko/learn')).body, 'ko'), /\(2\).*읽지 않음 2개</);
      assert.match(
        notificationsLink((await ann.agent.get('/ru/learn')).body, 'ru'),
        /\(2\).*2 непрочитанных</,
      );
      assert.equal(
        notificationsLink((await ben.agent.get('/en/learn')).body),
        'Notifications',
        'nobody is notified of their own replies',
      );
      assert.doesNotMatch(
        (await app.inject({ method: 'GET', url: '/en/courses' })).body,
        /\/notifications/,
        'visitors have no notifications link',
      );

      const read = await ann.agent.post('/en/notifications/read', {}, { from: '/en/notifications' });
      assert.equal(read.statusCode, 303);
      const after = await ann.agent.get(String(read.headers.location));
      assert.match(after.body, /No unread notifications/);
      assert.equal(notificationsLink(after.body), 'Notifications', 'mark all read clears the badge');

      await reply(ben.agent, threadId, 'Or a civil-society watchdog.');
      assert.match(notificationsLink((await ann.agent.get('/en/learn')).body), /\(1\).* 1 unread</);
      const thread = await ann.agent.get(`/en/discussions/${threadId}`);
      assert.equal(
        notificationsLink(thread.body),
        'Notifications',
        'the thread page itself counts what it read',
      );
      assert.equal(
        notificationsLink((await ann.agent.get('/en/learn')).body),
        'Notifications',
        'reading the thread reads its notifications',
      );
    });
  });
}
