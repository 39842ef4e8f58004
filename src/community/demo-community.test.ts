import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { importBundledCourses } from '../courses/bundled.ts';
import { seedDemo } from '../demo.ts';

test('demo discussions: threads on the flagship course and a case, one report, one hidden and one held post', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  await importBundledCourses(app.services.courses, { info() {}, error() {} });
  const printed = await seedDemo(app);
  const password = /moderator@demo\.praxis\.invalid\s+(demo-\S+)/.exec(printed)?.[1];
  assert.ok(password, printed);
  assert.match(printed, /moderates discussions at \/moderation/);

  const moderator = new Agent(app);
  await moderator.post(
    '/en/sign-in',
    { email: 'moderator@demo.praxis.invalid', password },
    { from: '/en/sign-in' },
  );
  const queue = await moderator.get('/en/moderation');
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, /Reported posts \(1\)/);
  assert.match(queue.body, /Posts waiting for approval \(1\)/);
  assert.match(queue.body, /Hid a post/);

  const caseId = (await app.services.library.search({}, { limit: 1 })).cases[0]!.id;
  const visitor = new Agent(app);
  const list = await visitor.get(`/en/cases/${caseId}/discussion`);
  assert.match(list.body, /Could a small town copy this\?/);
  const threadPath = /href="(\/en\/discussions\/[^"]+)"/.exec(list.body)![1]!;
  const thread = await visitor.get(threadPath);
  assert.match(thread.body, /This post was hidden by a moderator\./);
  assert.doesNotMatch(thread.body, /Buy cheap followers/);
  assert.doesNotMatch(thread.body, /register-guide/, 'the held post is not shown');

  const learner = new Agent(app);
  await learner.post(
    '/en/sign-in',
    { email: 'learner@demo.praxis.invalid', password },
    { from: '/en/sign-in' },
  );
  const unit = await learner.get('/ko/courses/ethics-of-ai-in-practice');
  assert.equal(unit.statusCode, 200);
  const again = await seedDemo(app);
  assert.match(again, /already existed/);
});
