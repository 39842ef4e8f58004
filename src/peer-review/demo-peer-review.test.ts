import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { importBundledCourses } from '../courses/bundled.ts';
import { seedDemo } from '../demo.ts';

const RESULTS = '/en/courses/reflection-workshop-demo/peer/safeguard-reflection/results';

test('demo: the graduate sees a peer-graded reflection; the learner has reviews and reviews to give', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  await importBundledCourses(app.services.courses, { info() {}, error() {} });
  const printed = await seedDemo(app);
  const password = /graduate@demo\.praxis\.invalid\s+(demo-\S+)/.exec(printed)?.[1];
  assert.ok(password, printed);
  assert.match(printed, /peer1@demo\.praxis\.invalid\s+demo-/, 'new demo peers are printed');

  const signIn = async (email: string) => {
    const agent = new Agent(app);
    await agent.post('/en/sign-in', { email, password }, { from: '/en/sign-in' });
    return agent;
  };
  const graduate = await signIn('graduate@demo.praxis.invalid');
  const results = await graduate.get(RESULTS);
  assert.equal(results.statusCode, 200);
  assert.match(results.body, /of 4 points/);
  assert.match(results.body, /Review 3/);
  assert.doesNotMatch(results.body, /Priya|Paulo|Park/, 'reviewers stay anonymous');

  const learner = await signIn('learner@demo.praxis.invalid');
  const own = await learner.get(RESULTS);
  assert.match(own.body, /Your grade is final once 3 reviews have been received/);
  assert.match(own.body, /Finish the reviews asked of you/);
  const page = await learner.get('/en/courses/reflection-workshop-demo/peer/safeguard-reflection');
  assert.match(page.body, /3 more reviews are asked of you/);

  const peer = await signIn('peer1@demo.praxis.invalid');
  assert.match((await peer.get(RESULTS)).body, /Reviews you received/);

  const again = await seedDemo(app);
  assert.doesNotMatch(again, /peer1@/, 'the workshop is seeded once');
});
