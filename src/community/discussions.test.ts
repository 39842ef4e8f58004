import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent } from '../../test/support/agent.ts';
import { engines } from '../../test/support/engines.ts';
import { nowIso } from '../platform/ids.ts';
import { unitTarget } from './community.ts';
import { person, publishedCase, setUp, startThread, threadIdOf, UNIT } from './test-setup.ts';

for (const engine of engines()) {
  describe(`discussions on ${engine}`, () => {
    test('unit discussions: enrolled learners and moderators only; visitors sign in first', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org', { name: 'Ann Learner' });
      const ben = await person(app, 'ben@example.org', { name: 'Ben Learner' });
      const cat = await person(app, 'cat@example.org', { enrolled: false });
      const mod = await person(app, 'mod@example.org', { roles: ['moderator'], enrolled: false });

      const visitor = await new Agent(app).get(UNIT);
      assert.equal(visitor.statusCode, 303);
      assert.match(String(visitor.headers.location), /^\/en\/sign-in\?next=/);

      assert.equal((await cat.agent.get(UNIT)).statusCode, 403);
      const refused = await cat.agent.post(
        UNIT,
        { title: 'Hi', body: 'Hello', language: 'en' },
        { from: '/en/learn' },
      );
      assert.equal(refused.statusCode, 403);

      const unitPage = await ann.agent.get('/en/courses/fixture-course/units/basics-intro');
      assert.match(unitPage.body, /href="\/en\/courses\/fixture-course\/units\/basics-intro\/discussion"/);
      const posted = await startThread(ann.agent, UNIT, {
        title: 'Who audits the auditors?',
        body: 'I wonder how **independent** audits work.',
      });
      assert.equal(posted.statusCode, 303);
      assert.match(String(posted.headers.location), /done=posted/);
      const id = threadIdOf(posted.headers.location);
      assert.ok(id.length >= 20, 'thread ids are not guessable');

      const list = await ben.agent.get(UNIT);
      assert.match(list.body, /Who audits the auditors\?/);
      const thread = await ben.agent.get(`/en/discussions/${id}`);
      assert.equal(thread.statusCode, 200);
      assert.match(thread.body, /<strong>independent<\/strong>/);
      const replied = await ben.agent.post(
        `/en/discussions/${id}/replies`,
        { body: 'Good question: external bodies.', language: 'en' },
        { from: `/en/discussions/${id}` },
      );
      assert.equal(replied.statusCode, 303);
      assert.match(String(replied.headers.location), /done=replied#post-/);

      assert.equal(
        (await mod.agent.get(`/en/discussions/${id}`)).statusCode,
        200,
        'moderators read every unit',
      );
      assert.equal((await cat.agent.get(`/en/discussions/${id}`)).statusCode, 403);
      assert.equal((await new Agent(app).get(`/en/discussions/${id}`)).statusCode, 303);

      // The thread's author is told about the reply, in the app.
      const notifications = await ann.agent.get('/en/notifications');
      assert.match(notifications.body, /1 unread notification/);
      assert.match(notifications.body, /Ben Learner replied in “Who audits the auditors\?”/);
      assert.match((await ben.agent.get('/en/notifications')).body, /No unread notifications/);
      await ann.agent.post('/en/notifications/read', {}, { from: '/en/notifications' });
      assert.match((await ann.agent.get('/en/notifications')).body, /No unread notifications/);
    });

    test('case discussions: anyone reads, signed-in people write', async (t) => {
      const { app } = await setUp(t, engine);
      const writer = await person(app, 'writer@example.org', { enrolled: false });
      const caseId = await publishedCase(app, writer.id);
      const path = `/en/cases/${caseId}/discussion`;
      const casePage = await new Agent(app).get(`/en/cases/${caseId}`);
      assert.match(casePage.body, new RegExp(`href="${path}"`));
      const anonymous = await new Agent(app).get(path);
      assert.equal(anonymous.statusCode, 200);
      assert.match(anonymous.body, /Sign in to start a thread or reply/);
      const posted = await startThread(writer.agent, path, { title: 'Does this transfer to villages?' });
      assert.equal(posted.statusCode, 303);
      const id = threadIdOf(posted.headers.location);
      const read = await new Agent(app).get(`/en/discussions/${id}`);
      assert.equal(read.statusCode, 200);
      assert.match(read.body, /Does this transfer to villages\?/);
      assert.equal((await new Agent(app).get('/en/cases/no-such-case/discussion')).statusCode, 404);
    });

    test('bad input is refused next to the field with the input kept; markup is neutralised', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const empty = await startThread(ann.agent, UNIT, { title: 'Kept title', body: '   ' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /id="field-body-error">Write something in your post\./);
      assert.match(empty.body, /value="Kept title"/);

      const long = `${'word '.repeat(2001)}end`;
      const tooLong = await startThread(ann.agent, UNIT, { title: 'Long', body: long });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /use at most 10,000 characters/);
      assert.ok(tooLong.body.includes('word word word'), 'the long text is kept');

      const noTitle = await startThread(ann.agent, UNIT, { title: '', language: 'xx' });
      assert.equal(noTitle.statusCode, 422);
      assert.match(noTitle.body, /Enter a title for your thread\./);
      assert.match(noTitle.body, /Choose the language of your post\./);

      const refused = await startThread(ann.agent, UNIT, {
        title: 'A question',
        body: '<script>alert(1)</script>\n\n[click](javascript:alert(1))',
      });
      assert.equal(refused.statusCode, 422, 'a post carrying script is refused');
      assert.match(refused.body, /Posts cannot contain scripts/);
      assert.ok(refused.body.includes('[click](javascript:alert(1))'), 'the text is kept to be corrected');

      const sneaky = await startThread(ann.agent, UNIT, {
        title: '<img src=x onerror=alert(1)>',
        body: 'Code shown, not run: `<script>alert(1)</script>`\n\n[ok](https://example.org/a) <b>bold?</b>',
      });
      assert.equal(sneaky.statusCode, 303);
      const page = await ann.agent.get(`/en/discussions/${threadIdOf(sneaky.headers.location)}`);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.doesNotMatch(page.body, /<img src=x/);
      assert.doesNotMatch(page.body, /<b>bold/);
      assert.match(
        page.body,
        /<code>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/code>/,
        'shown as code, not run',
      );
      assert.match(page.body, /<a href="https:\/\/example.org\/a" rel="nofollow ugc noopener">ok<\/a>/);
    });

    test('authors edit their own post within the window; others cannot; an edited marker shows', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const ben = await person(app, 'ben@example.org');
      const id = threadIdOf((await startThread(ann.agent, UNIT, { title: 'First title' })).headers.location);
      const page = await ann.agent.get(`/en/discussions/${id}`);
      const postId = /<article[^>]*id="post-([^"]+)"/.exec(page.body)![1]!;
      const editPath = `/en/discussions/posts/${postId}/edit`;
      assert.equal((await ann.agent.get(editPath)).statusCode, 200);
      const edited = await ann.agent.post(
        editPath,
        { title: 'Better title', body: 'Clearer words.', language: 'en' },
        { from: editPath },
      );
      assert.equal(edited.statusCode, 303);
      const after = await ben.agent.get(`/en/discussions/${id}`);
      assert.match(after.body, /Better title/);
      assert.match(after.body, /Clearer words\./);
      assert.match(after.body, /· edited/);

      assert.equal((await ben.agent.get(editPath)).statusCode, 403, "someone else's post");
      const forged = await ben.agent.post(
        editPath,
        { title: 'x', body: 'Mine now', language: 'en' },
        { from: '/en/learn' },
      );
      assert.equal(forged.statusCode, 403);

      await app.services.database.db
        .updateTable('discussion_posts')
        .set({ created_at: nowIso(new Date(Date.now() - 31 * 60_000)) })
        .where('id', '=', postId)
        .execute();
      const late = await ann.agent.post(
        editPath,
        { title: 'Late', body: 'Too late', language: 'en' },
        { from: '/en/learn' },
      );
      assert.equal(late.statusCode, 403);
      assert.match(late.body, /The time to edit this post is over\./);
      assert.doesNotMatch((await ben.agent.get(`/en/discussions/${id}`)).body, /Too late/);
    });

    test('upvotes: one per person, a repeated click counts once, never on your own post', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const ben = await person(app, 'ben@example.org');
      const id = threadIdOf((await startThread(ann.agent, UNIT, {})).headers.location);
      const postId = /<article[^>]*id="post-([^"]+)"/.exec(
        (await ann.agent.get(`/en/discussions/${id}`)).body,
      )![1]!;
      const vote = (agent: Agent, up: string) =>
        agent.post(`/en/discussions/posts/${postId}/vote`, { up }, { from: `/en/discussions/${id}` });
      assert.equal((await vote(ben.agent, '1')).statusCode, 303);
      assert.equal((await vote(ben.agent, '1')).statusCode, 303);
      const score = async () => (await app.services.community.post(postId))!.score;
      assert.equal(await score(), 1);
      assert.match((await ben.agent.get(`/en/discussions/${id}`)).body, /aria-pressed="true"/);
      assert.equal((await vote(ann.agent, '1')).statusCode, 403, 'not on your own post');
      assert.equal(await score(), 1);
      await vote(ben.agent, '0');
      assert.equal(await score(), 0);
    });

    test('pagination, sorting and the language filter', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const ben = await person(app, 'ben@example.org');
      const { community, database } = app.services;
      const target = unitTarget('fixture-course', 'basics-intro');
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const result = await community.createThread({ id: ann.id, moderator: true }, target, {
          title: `Thread number ${i}`,
          body: `Body ${i}`,
          language: i % 5 === 0 ? 'ko' : 'en',
        });
        assert.ok(result.ok);
        ids.push(result.threadId);
        // Distinct, increasing times so "newest" has one right answer.
        await database.db
          .updateTable('discussion_threads')
          .set({ created_at: nowIso(new Date(Date.UTC(2026, 0, 1, 0, i))) })
          .where('id', '=', result.threadId)
          .execute();
      }
      const titles = (body: string) =>
        [...body.matchAll(/class="thread-title">Thread number (\d+)</g)].map((m) => Number(m[1]));
      const first = await ben.agent.get(UNIT);
      assert.match(first.body, /12 threads/);
      assert.deepEqual(titles(first.body), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
      assert.match(
        first.body,
        /href="\/en\/courses\/fixture-course\/units\/basics-intro\/discussion\?sort=newest&amp;page=2"/,
      );
      const second = await ben.agent.get(`${UNIT}?sort=newest&page=2`);
      assert.deepEqual(titles(second.body), [1, 0]);

      const opening = await community.posts(ids[3]!, {
        sort: 'oldest',
        language: null,
        page: 1,
        viewer: null,
      });
      await community.vote(ben.id, opening.opening!.id, true);
      const helpful = await ben.agent.get(`${UNIT}?sort=helpful`);
      assert.equal(titles(helpful.body)[0], 3);

      const korean = await ben.agent.get(`${UNIT}?lang=ko`);
      assert.deepEqual(titles(korean.body), [10, 5, 0]);
      assert.match(korean.body, /3 threads/);
      const bogus = await ben.agent.get(`${UNIT}?lang=xx&sort=nope&page=-4`);
      assert.equal(bogus.statusCode, 200, 'malformed filters fall back to defaults');
      assert.deepEqual(titles(bogus.body).length, 10);
    });

    test('replies: sorted, paged and filtered by language', async (t) => {
      const { app } = await setUp(t, engine);
      const ann = await person(app, 'ann@example.org');
      const { community } = app.services;
      const created = await community.createThread(
        { id: ann.id, moderator: true },
        unitTarget('fixture-course', 'basics-intro'),
        { title: 'Busy thread', body: 'Start', language: 'en' },
      );
      assert.ok(created.ok);
      const thread = (await community.thread(created.threadId))!;
      for (let i = 0; i < 22; i++) {
        await community.reply({ id: ann.id, moderator: true }, thread, {
          body: `Reply ${i}`,
          language: i === 21 ? 'fr' : 'en',
        });
      }
      const page1 = await ann.agent.get(`/en/discussions/${thread.id}`);
      assert.match(page1.body, /22 replies/);
      assert.equal([...page1.body.matchAll(/<p>Reply \d+<\/p>/g)].length, 20);
      const page2 = await ann.agent.get(`/en/discussions/${thread.id}?page=2`);
      assert.equal([...page2.body.matchAll(/<p>Reply \d+<\/p>/g)].length, 2);
      const french = await ann.agent.get(`/en/discussions/${thread.id}?lang=fr`);
      assert.deepEqual(
        [...french.body.matchAll(/<p>(Reply \d+)<\/p>/g)].map((m) => m[1]),
        ['Reply 21'],
      );
    });
  });
}
