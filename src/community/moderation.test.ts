import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { latestMail } from '../../test/support/browser.ts';
import { engines } from '../../test/support/engines.ts';
import { sendDigests } from './digest.ts';
import { person, setUp, startThread, threadIdOf, UNIT } from './test-setup.ts';

const reason = { reason: 'spam', note: 'Selling things' };

for (const engine of engines()) {
  describe(`moderation on ${engine}`, () => {
    test('reports reach the queue; moderators hide and restore; everything is in the audit log', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org', { name: 'Ann Learner' });
      const ben = await person(app, 'ben@example.org', { name: 'Ben Learner' });
      const mod = await person(app, 'mod@example.org', { name: 'Mo Moderator', roles: ['moderator'] });
      const id = threadIdOf(
        (await startThread(ann.agent, UNIT, { title: 'Cheap watches', body: 'Buy my watches today.' }))
          .headers.location,
      );
      const postId = /<article[^>]*id="post-([^"]+)"/.exec(
        (await ben.agent.get(`/en/discussions/${id}`)).body,
      )![1]!;
      const reportPath = `/en/discussions/posts/${postId}/report`;
      assert.equal((await ann.agent.get(reportPath)).statusCode, 403, 'not your own post');
      const noReason = await ben.agent.post(reportPath, { note: 'spam!' }, { from: reportPath });
      assert.equal(noReason.statusCode, 422);
      assert.match(noReason.body, /Choose why you are reporting this post\./);
      assert.match(noReason.body, />spam!<\/textarea>/, 'the note is kept');
      const reported = await ben.agent.post(
        reportPath,
        { reason: 'spam', note: 'An advert' },
        { from: reportPath },
      );
      assert.equal(reported.statusCode, 303);

      assert.equal((await ann.agent.get('/en/moderation')).statusCode, 403);
      assert.equal(
        (await ann.agent.post(`/en/moderation/posts/${postId}/hide`, reason, { from: '/en/learn' }))
          .statusCode,
        403,
      );
      const queue = await mod.agent.get('/en/moderation');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Reported posts \(1\)/);
      assert.match(queue.body, /Reported by Ben Learner: Spam or advertising/);
      assert.match(queue.body, /An advert/);

      const hidden = await mod.agent.post(`/en/moderation/posts/${postId}/hide`, reason, {
        from: '/en/moderation',
      });
      assert.equal(hidden.statusCode, 303);
      const asBen = await ben.agent.get(`/en/discussions/${id}`);
      assert.match(asBen.body, /This post was hidden by a moderator\./);
      assert.doesNotMatch(asBen.body, /Buy my watches/);
      assert.doesNotMatch(asBen.body, /Cheap watches/, 'the title is hidden too');
      assert.match((await ben.agent.get(UNIT)).body, /Thread hidden by a moderator/);
      const asMod = await mod.agent.get(`/en/discussions/${id}`);
      assert.match(asMod.body, /Buy my watches/);
      assert.match(asMod.body, /Hidden by a moderator/);
      assert.match(
        (await mod.agent.get('/en/moderation')).body,
        /Reported posts \(0\)/,
        'handled reports leave the queue',
      );

      await mod.agent.post(
        `/en/moderation/posts/${postId}/restore`,
        { reason: 'other', note: 'Misread' },
        { from: '/en/moderation' },
      );
      assert.match((await ben.agent.get(`/en/discussions/${id}`)).body, /Buy my watches/);

      const log = (await mod.agent.get('/en/moderation')).body;
      assert.match(log, /Hid a post/);
      assert.match(log, /Restored a post/);
      assert.match(log, /Spam or advertising: Selling things/);
      assert.match(log, /Something else: Misread/);
      assert.match(log, /Mo Moderator/);
    });

    test('a locked thread takes no replies; a suspended person cannot post, reply, vote or report', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const ben = await person(app, 'ben@example.org', { name: 'Ben Learner' });
      const mod = await person(app, 'mod@example.org', { roles: ['moderator'], enrolled: false });
      const id = threadIdOf((await startThread(ann.agent, UNIT, { title: 'Heated' })).headers.location);
      const replyTo = (agent: typeof ann.agent) =>
        agent.post(
          `/en/discussions/${id}/replies`,
          { body: 'More', language: 'en' },
          { from: `/en/discussions/${id}` },
        );
      assert.equal((await replyTo(ben.agent)).statusCode, 303);

      const locked = await mod.agent.post(`/en/moderation/threads/${id}/lock`, reason, {
        from: `/en/discussions/${id}`,
      });
      assert.equal(locked.statusCode, 303);
      const page = await ben.agent.get(`/en/discussions/${id}`);
      assert.match(page.body, /A moderator locked this thread/);
      assert.doesNotMatch(page.body, new RegExp(`action="/en/discussions/${id}/replies"`));
      assert.equal((await replyTo(ben.agent)).statusCode, 403);

      await mod.agent.post(`/en/moderation/threads/${id}/unlock`, reason, { from: `/en/discussions/${id}` });
      const benPost = [
        ...(await mod.agent.get(`/en/discussions/${id}`)).body.matchAll(/<article[^>]*id="post-([^"]+)"/g),
      ][1]![1]!;
      const suspended = await mod.agent.post(
        `/en/moderation/posts/${benPost}/suspend-author`,
        { days: '7', reason: 'harassment', note: 'Insults' },
        { from: '/en/moderation' },
      );
      assert.equal(suspended.statusCode, 303);
      const refused = await replyTo(ben.agent);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /suspended from discussions/);
      assert.equal((await startThread(ben.agent, UNIT, {})).statusCode, 403);
      const annPost = [
        ...(await ben.agent.get(`/en/discussions/${id}`)).body.matchAll(/<article[^>]*id="post-([^"]+)"/g),
      ][0]![1]!;
      assert.equal(
        (await ben.agent.post(`/en/discussions/posts/${annPost}/vote`, { up: '1' }, { from: '/en/learn' }))
          .statusCode,
        403,
      );
      assert.equal(
        (await ben.agent.post(`/en/discussions/posts/${annPost}/report`, reason, { from: '/en/learn' }))
          .statusCode,
        403,
      );
      assert.match((await ben.agent.get(UNIT)).body, /You cannot post, reply, vote or report until/);

      const queue = (await mod.agent.get('/en/moderation')).body;
      assert.match(queue, /Ben Learner, until/);
      assert.match(queue, /Locked a thread/);
      assert.match(queue, /Suspended an account/);
      const suspensionId = /action="\/en\/moderation\/suspensions\/([^/]+)\/lift"/.exec(queue)![1]!;
      await mod.agent.post(`/en/moderation/suspensions/${suspensionId}/lift`, reason, {
        from: '/en/moderation',
      });
      assert.equal((await replyTo(ben.agent)).statusCode, 303, 'lifted: Ben may reply again');
    });

    test('new accounts: links wait for a moderator, and a stricter posting limit applies', async (t) => {
      const { app } = await setUp(t, engine);
      const newbie = await person(app, 'new@example.org', { established: false, name: 'Nia New' });
      const ben = await person(app, 'ben@example.org');
      const mod = await person(app, 'mod@example.org', { roles: ['moderator'] });
      const held = await startThread(newbie.agent, UNIT, {
        title: 'Great resource',
        body: 'See https://spam.example for more.',
      });
      assert.equal(held.statusCode, 303);
      assert.match(String(held.headers.location), /done=held/);
      const id = threadIdOf(held.headers.location);
      assert.match((await newbie.agent.get(`/en/discussions/${id}`)).body, /Waiting for a moderator/);
      assert.equal(
        (await ben.agent.get(`/en/discussions/${id}`)).statusCode,
        404,
        'held: not shown to others',
      );
      assert.doesNotMatch((await ben.agent.get(UNIT)).body, /Great resource/);
      const queue = await mod.agent.get('/en/moderation');
      assert.match(queue.body, /Posts waiting for approval \(1\)/);
      const postId = /id="queue-([^"]+)"/.exec(queue.body)![1]!;
      await mod.agent.post(`/en/moderation/posts/${postId}/approve`, reason, { from: '/en/moderation' });
      assert.equal((await ben.agent.get(`/en/discussions/${id}`)).statusCode, 200);

      // A new account has posted once; two more fit the stricter limit (3 in 10 minutes), the fourth does not.
      for (let i = 0; i < 2; i++) {
        assert.equal((await startThread(newbie.agent, UNIT, { title: `Plain ${i}` })).statusCode, 303);
      }
      const tooFast = await startThread(newbie.agent, UNIT, { title: 'One more', body: 'Keep my words' });
      assert.equal(tooFast.statusCode, 429);
      assert.match(tooFast.body, /You are posting very quickly/);
      assert.match(tooFast.body, /Keep my words<\/textarea>/);
      assert.equal((await startThread(ben.agent, UNIT, { title: 'Established' })).statusCode, 303);
    });

    test('per-IP limit on writing, whoever posts; forms without their CSRF token are refused', async (t) => {
      const { app } = await setUp(t, engine);
      // Moderators are exempt from the per-account throttle, so only the per-IP limit (30 in 10 minutes) applies.
      const mod = await person(app, 'mod@example.org', { roles: ['moderator'] });
      await mod.agent.get(UNIT);
      const forged = await mod.agent.post(UNIT, { title: 'x', body: 'y', language: 'en' }, { csrf: null });
      assert.equal(forged.statusCode, 403);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const response = await mod.agent.post(UNIT, { title: `T${i}`, body: 'Words', language: 'en' });
        statuses.push(response.statusCode);
      }
      // The refused forgery counted too: 29 more fit.
      assert.deepEqual(statuses.slice(0, 29), Array(29).fill(303));
      assert.equal(statuses[29], 429);
    });

    test('the email digest goes only to people who opted in, once per notification', async (t) => {
      const { app, dataDir } = await setUp(t, engine, { fileOutbox: true });
      const ann = await person(app, 'ann@example.org', { name: 'Ann Learner' });
      const ben = await person(app, 'ben@example.org', { name: 'Ben Learner' });
      const saved = await ann.agent.post(
        '/en/notifications/settings',
        { digest: 'yes' },
        { from: '/en/notifications' },
      );
      assert.equal(saved.statusCode, 303);
      assert.match(
        (await ann.agent.get('/en/notifications')).body,
        /name="digest" type="checkbox" value="yes" checked/,
      );
      const annThread = threadIdOf(
        (await startThread(ann.agent, UNIT, { title: 'Ann asks' })).headers.location,
      );
      const benThread = threadIdOf(
        (await startThread(ben.agent, UNIT, { title: 'Ben asks' })).headers.location,
      );
      await ben.agent.post(
        `/en/discussions/${annThread}/replies`,
        { body: 'Ben answers', language: 'en' },
        { from: '/en/learn' },
      );
      await ann.agent.post(
        `/en/discussions/${benThread}/replies`,
        { body: 'Ann answers', language: 'en' },
        { from: '/en/learn' },
      );

      const { community, mailer, jobs, database } = app.services;
      const deps = { community, mailer, publicUrl: 'http://praxis.test', db: database.db };
      assert.equal(await sendDigests(deps), 1);
      await jobs.drain();
      const mail = latestMail(dataDir, 'ann@example.org');
      assert.match(mail.subject, /1 new reply/);
      assert.match(mail.text, /Ben Learner replied in “Ann asks”/);
      assert.match(mail.text, new RegExp(`http://praxis.test/en/discussions/${annThread}#post-`));
      assert.throws(() => latestMail(dataDir, 'ben@example.org'), /No mail/, 'Ben did not opt in');
      assert.equal(await sendDigests(deps), 0, 'nothing is mailed twice');
    });
  });
}
