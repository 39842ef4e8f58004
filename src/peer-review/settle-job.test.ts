import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { correctForm } from '../demo.ts';
import type { CourseCompleted } from '../learning/learning-service.ts';
import { newToken, nowIso } from '../platform/ids.ts';
import { createPeerReviewService, findAssignment } from './peer-review-service.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const SLUG = 'fixture-course';
const BEST = { 'criterion-clarity': 'clear', 'criterion-evidence': 'strong' };
const DAY = 86_400_000;

async function setUp(
  t: Parameters<typeof buildTestApp>[0],
  engine: Parameters<typeof buildTestApp>[1],
  options: Parameters<typeof buildTestApp>[2] = {},
) {
  const { app } = await buildTestApp(t, engine, options);
  const { pkg } = await readPackage(FIXTURE);
  await app.services.courses.importPackage(pkg!, { publish: true });
  const events: CourseCompleted[] = [];
  app.services.learning.onCourseCompleted((event) => {
    events.push(event);
  });
  return { app, events };
}

/**
 * Through the services only, so nobody opens a page: Ada answers every exercise (two wrongly, 62.5%
 * without the peer grade, below the rule), submits her reflection and gets 1 of the 2 reviews it
 * needs, from Ben. Her grade waits for the flexible date; then her completion hangs on it.
 */
async function adaWaitsForHerSecondReview(app: FastifyInstance) {
  const { identity, learning, courses, peerReview } = app.services;
  const user = async (name: string) => {
    const { id } = await identity.addUser({
      email: `${name.toLowerCase()}@example.org`,
      name,
      roles: [],
      password: 'settle job password 1',
    });
    await learning.enroll(id, SLUG);
    return id;
  };
  const ada = await user('Ada');
  const ben = await user('Ben');
  const course = (await courses.version(SLUG))!;
  const { assignment } = findAssignment(course, 'fixture-peer')!;
  const wrong = new Set(['fixture-truefalse', 'fixture-text']);
  for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
    for (const exercise of unit.exercises.filter((e) => e.type !== 'reflection')) {
      const form = wrong.has(exercise.id)
        ? { value: exercise.type === 'text' ? 'nope' : 'true' }
        : correctForm(exercise);
      await learning.answer(ada, course, unit, exercise, form, newToken());
    }
  }
  await peerReview.submit(
    ada,
    course,
    assignment,
    'A human reviewer signs off every decision the model makes.',
  );
  await peerReview.submit(
    ben,
    course,
    assignment,
    'An appeal route lets people contest the outcome in time.',
  );
  const given = await peerReview.requestReview(ben, course, assignment);
  assert.equal(given.status, 'assigned');
  assert.equal(
    await peerReview.completeReview(
      ben,
      course,
      assignment,
      given.status === 'assigned' ? given.reviewId : '',
      {
        ...BEST,
        comment: 'Clear; one example would help.',
      },
    ),
    'done',
  );
  return { ada, ben, course };
}

/** Moves a learner's submission `days` into the past, as if they submitted then. */
async function submittedDaysAgo(app: FastifyInstance, userId: string, days: number) {
  await app.services.database.db
    .updateTable('peer_submissions')
    .set({ submitted_at: nowIso(new Date(Date.now() - days * DAY)) })
    .where('user_id', '=', userId)
    .execute();
}

const submissionOf = (app: FastifyInstance, userId: string) =>
  app.services.database.db
    .selectFrom('peer_submissions')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();

const certificatesOf = (app: FastifyInstance, userId: string) =>
  app.services.database.db.selectFrom('certificates').selectAll().where('user_id', '=', userId).execute();

for (const engine of engines()) {
  describe(`settling due peer grades on ${engine}`, () => {
    test('a learner who never comes back gets her grade, completion and certificate once', async (t) => {
      const { app, events } = await setUp(t, engine);
      const { ada, ben, course } = await adaWaitsForHerSecondReview(app);
      const { peerReview, learning, courses } = app.services;

      assert.equal(await peerReview.settleAllDue(), 0, 'before the flexible date nothing is due');
      assert.equal((await submissionOf(app, ada)).finalized_at, null);

      await submittedDaysAgo(app, ada, 8);
      await submittedDaysAgo(app, ben, 8);
      // Two processes run the job at the same moment, then the job runs again.
      const other = createPeerReviewService({ db: app.services.database.db, courses, learning });
      const [first, second] = await Promise.all([peerReview.settleAllDue(), other.settleAllDue()]);
      assert.equal(first + second, 1, 'one of them grades her submission');
      assert.equal(await peerReview.settleAllDue(), 0, 'nothing is left to settle');

      const submission = await submissionOf(app, ada);
      assert.equal(submission.final_source, 'peers');
      assert.equal(submission.final_points, 4, 'the one review she received');
      assert.equal(submission.final_score, 1);
      const progress = await learning.progress(ada, course);
      assert.equal(progress.averageScorePercent, 75);
      assert.ok(progress.completedAt, 'the course is complete');
      assert.deepEqual(
        events.map((e) => e.userId),
        [ada],
        'the completion fires once',
      );
      // The certificate is a job committed with the completion; running the queue twice issues it once.
      await app.services.jobs.drain();
      await app.services.jobs.drain();
      assert.equal((await certificatesOf(app, ada)).length, 1, 'one certificate');

      const benSubmission = await submissionOf(app, ben);
      assert.equal(benSubmission.finalized_at, null, 'no review at all: left for the staff');
      assert.equal((await certificatesOf(app, ben)).length, 0);
    });

    test('the server settles due grades when it starts, through its job worker', async (t) => {
      const { app, events } = await setUp(t, engine, { jobs: 'worker' });
      const { ada } = await adaWaitsForHerSecondReview(app);
      await submittedDaysAgo(app, ada, 8);
      // Nothing has started the app yet: its start runs the job, with no page asked for.
      await app.ready();
      for (let waited = 0; events.length === 0 && waited < 10_000; waited += 50) await sleep(50);
      assert.equal(events.length, 1);
      assert.equal((await submissionOf(app, ada)).final_source, 'peers');
      for (let waited = 0; (await certificatesOf(app, ada)).length === 0 && waited < 10_000; waited += 50)
        await sleep(50);
      assert.equal((await certificatesOf(app, ada)).length, 1);
    });
  });
}
