import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { readPackage } from '../courses/package/read-package.ts';
import type { CourseCompleted } from './learning-service.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const COURSE = '/en/courses/fixture-course';
const PASSWORD = 'learner password 1';

async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const testApp = await buildTestApp(t, engine);
  const { pkg } = await readPackage(FIXTURE);
  await testApp.app.services.courses.importPackage(pkg!, { publish: true });
  const events: CourseCompleted[] = [];
  testApp.app.services.learning.onCourseCompleted((event) => {
    events.push(event);
  });
  return { ...testApp, pkg: pkg!, events };
}

async function learner(app: FastifyInstance, email = 'learner@example.org') {
  await app.services.identity.addUser({ email, name: 'Lee Learner', roles: [], password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

const answer = (
  agent: Agent,
  exercise: string,
  fields: Record<string, string | string[]>,
  unit = 'basics-intro',
) => agent.post(`${COURSE}/exercises/${exercise}`, fields, { from: `${COURSE}/units/${unit}` });

for (const engine of engines()) {
  describe(`learning on ${engine}`, () => {
    test('visitors read units but cannot answer; learners enroll first', async (t) => {
      const { app } = await setUp(t, engine);
      const visitor = new Agent(app);
      const page = await visitor.get(`${COURSE}/units/basics-intro`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Pick one\./);
      assert.doesNotMatch(
        page.body,
        /action="\/en\/courses\/fixture-course\/exercises\//,
        'no answer form for visitors',
      );
      assert.doesNotMatch(
        page.body,
        /Yes\.|A is right/,
        'feedback and explanations never reach the page before an answer',
      );
      const posted = await visitor.post(
        `${COURSE}/exercises/fixture-single`,
        { option: 'a' },
        { from: '/en/register' },
      );
      assert.equal(posted.statusCode, 401);

      const agent = await learner(app);
      const notEnrolled = await answer(agent, 'fixture-single', { option: 'a' });
      assert.equal(notEnrolled.statusCode, 403, 'answering needs an enrollment');
      const enrolled = await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      assert.equal(enrolled.statusCode, 303);
      assert.equal(enrolled.headers.location, COURSE);
      const coursePage = await agent.get(COURSE);
      assert.match(coursePage.body, /0% of the course completed/);
      const unit = await agent.get(`${COURSE}/units/basics-intro`);
      assert.match(unit.body, /action="\/en\/courses\/fixture-course\/exercises\/fixture-single"/);
    });

    test('answers are graded on the server with feedback and explanation; a double submit counts once', async (t) => {
      const { app } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      const wrong = await answer(agent, 'fixture-single', { option: 'b', submission: 'submission-key-0001' });
      assert.equal(wrong.statusCode, 303);
      assert.equal(wrong.headers.location, `${COURSE}/units/basics-intro#exercise-fixture-single`);
      let page = await agent.get(`${COURSE}/units/basics-intro`);
      assert.match(page.body, /Not quite\./);
      assert.match(page.body, /A is right\./, 'the explanation shows after answering');
      const again = await answer(agent, 'fixture-single', { option: 'a', submission: 'submission-key-0002' });
      await answer(agent, 'fixture-single', { option: 'a', submission: 'submission-key-0002' });
      assert.equal(again.statusCode, 303);
      page = await agent.get(`${COURSE}/units/basics-intro`);
      assert.match(page.body, /Correct\./);
      assert.match(page.body, /Yes\./, 'per-option feedback');
      const { db } = app.services.database;
      const attempts = await db
        .selectFrom('exercise_attempts')
        .selectAll()
        .where('exercise_id', '=', 'fixture-single')
        .execute();
      assert.equal(attempts.length, 2, 'the repeated submission was not counted');
      const result = await db
        .selectFrom('exercise_results')
        .selectAll()
        .where('exercise_id', '=', 'fixture-single')
        .executeTakeFirstOrThrow();
      assert.equal(result.attempts, 2);
      assert.equal(result.best_score, 1);
    });

    test('tampered forms get clear 4xx answers, and attempt limits hold', async (t) => {
      const { app } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      assert.equal((await answer(agent, 'no-such-exercise', { option: 'a' })).statusCode, 404);
      const foreign = await answer(agent, 'fixture-single', { option: 'zzz' });
      assert.equal(foreign.statusCode, 422);
      assert.match(foreign.body, /Answer the question before checking/);
      const empty = await answer(agent, 'fixture-ordering', { 'position-first': '1' }, 'basics-choices');
      assert.equal(empty.statusCode, 422);

      assert.equal((await answer(agent, 'fixture-multiple', { option: ['a'] })).statusCode, 303);
      assert.equal((await answer(agent, 'fixture-multiple', { option: ['a', 'c'] })).statusCode, 303);
      const third = await answer(agent, 'fixture-multiple', { option: ['a', 'b'] });
      assert.equal(third.statusCode, 422);
      assert.match(third.body, /used all the attempts/);
      const result = await app.services.database.db
        .selectFrom('exercise_results')
        .selectAll()
        .where('exercise_id', '=', 'fixture-multiple')
        .executeTakeFirstOrThrow();
      assert.equal(result.attempts, 2);
      assert.ok(Math.abs(result.best_score - 2 / 3) < 1e-9);
    });

    test('with JavaScript, an answer returns the feedback fragment without a page load', async (t) => {
      const { app } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      await agent.get(`${COURSE}/units/basics-choices`);
      agent.headers.accept = 'application/json';
      const response = await agent.post(`${COURSE}/exercises/fixture-text`, { value: ' FIXTURE ' });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.match(body.html, /Correct\./);
      assert.match(body.html, /It is the fixture\./);
      const bad = await agent.post(`${COURSE}/exercises/fixture-text`, { value: '' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.json().error, /Answer the question/);
    });

    test('progress, resume and completion by the course rule; the event fires once', async (t) => {
      const { app, events } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      await agent.get(`${COURSE}/units/basics-choices`);
      const dashboard = await agent.get('/en/learn');
      assert.match(dashboard.body, /Resume where you left off/);
      assert.match(
        dashboard.body,
        /href="\/en\/courses\/fixture-course\/units\/basics-choices"/,
        'resume goes to the last unit visited',
      );

      await answer(agent, 'fixture-single', { option: 'a' });
      await answer(agent, 'fixture-multiple', { option: ['a', 'b'] });
      await answer(agent, 'fixture-truefalse', { value: 'false' }, 'basics-choices');
      await answer(
        agent,
        'fixture-ordering',
        { 'position-first': '1', 'position-second': '2' },
        'basics-choices',
      );
      await answer(agent, 'fixture-text', { value: '픽스처' }, 'basics-choices');
      const progress = await agent.get(COURSE);
      assert.match(
        progress.body,
        /67% of the course completed/,
        'two of three units complete once their exercises are answered',
      );
      assert.equal(events.length, 0);

      const reflection = await agent.post(
        `${COURSE}/exercises/fixture-reflection`,
        { text: 'I learned to read a package.' },
        { from: `${COURSE}/units/practice-case` },
      );
      assert.equal(reflection.statusCode, 303);
      await answer(agent, 'fixture-numeric', { value: '2' }, 'practice-case');
      assert.equal(events.length, 1, 'completed when every unit is done and the average is high enough');
      assert.equal(events[0]!.courseSlug, 'fixture-course');
      await agent.post(
        `${COURSE}/units/practice-case/complete`,
        {},
        { from: `${COURSE}/units/practice-case` },
      );
      assert.equal(events.length, 1, 'the event fires once');
      const done = await agent.get('/en/learn');
      assert.match(done.body, /Completed courses/);
      const unit = await agent.get(`${COURSE}/units/practice-case`);
      assert.match(unit.body, /I learned to read a package\./);
      assert.match(unit.body, /You have completed this course/);
    });

    test('a low average score keeps the course open even with every unit complete', async (t) => {
      const { app, events } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      for (const unit of ['basics-intro', 'basics-choices', 'practice-case']) {
        const r = await agent.post(
          `${COURSE}/units/${unit}/complete`,
          {},
          { from: `${COURSE}/units/${unit}` },
        );
        assert.equal(r.statusCode, 303);
      }
      assert.match((await agent.get(COURSE)).body, /100% of the course completed/);
      assert.equal(events.length, 0, 'no exercise answered: average 0% < 70%');
    });

    test('progress survives a new version of the course (stable unit ids)', async (t) => {
      const { app, pkg } = await setUp(t, engine);
      const agent = await learner(app);
      await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
      await agent.post(`${COURSE}/units/basics-intro/complete`, {}, { from: `${COURSE}/units/basics-intro` });
      const next = structuredClone(pkg);
      next.summary.en = 'A changed summary.';
      assert.equal((await app.services.courses.importPackage(next, { publish: true })).version, 2);
      assert.match((await agent.get(COURSE)).body, /33% of the course completed/);
    });
  });
}
