import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from '../test/support/agent.ts';
import { buildTestApp } from '../test/support/app.ts';
import { importBundledCourses } from './courses/bundled.ts';
import { seedDemo } from './demo.ts';

test('demo data: printed accounts sign in; one learner is partway, one finished the flagship course', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  await importBundledCourses(app.services.courses, { info() {}, error() {} });
  const printed = await seedDemo(app);
  const password = /graduate@demo\.praxis\.invalid\s+(demo-\S+)/.exec(printed)?.[1];
  assert.ok(password, printed);
  for (const email of ['admin', 'author', 'reviewer', 'moderator', 'learner', 'graduate']) {
    assert.match(printed, new RegExp(`${email}@demo\\.praxis\\.invalid`));
  }

  const graduate = new Agent(app);
  const signIn = await graduate.post(
    '/en/sign-in',
    { email: 'graduate@demo.praxis.invalid', password },
    { from: '/en/sign-in' },
  );
  assert.equal(signIn.statusCode, 303);
  const dashboard = await graduate.get('/en/learn');
  assert.match(dashboard.body, /Completed courses/);
  assert.match(dashboard.body, /View your certificate/, 'the demo graduate holds a certificate');

  const learner = new Agent(app);
  await learner.post(
    '/en/sign-in',
    { email: 'learner@demo.praxis.invalid', password },
    { from: '/en/sign-in' },
  );
  const learning = await learner.get('/en/learn');
  assert.match(learning.body, /In progress/);
  assert.match(learning.body, /Resume where you left off/);

  const library = await new Agent(app).get('/en/cases');
  assert.match(library.body, /An algorithm register for Velmora/, 'the selected demo case is published');
  assert.doesNotMatch(library.body, /Bias checks for a fictional triage model/, 'shortlisted cases are not');
  const reviewer = new Agent(app);
  await reviewer.post(
    '/en/sign-in',
    { email: 'reviewer@demo.praxis.invalid', password },
    { from: '/en/sign-in' },
  );
  assert.match((await reviewer.get('/en/review')).body, /reviewed/);
  assert.match((await new Agent(app).get('/en/calls')).body, /AI ethics in practice 2027 \(demo\)/);

  const again = await seedDemo(app);
  assert.match(again, /already existed/, 'running it twice keeps the accounts');
});
