import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { correctForm } from '../demo.ts';
import type { CourseCompleted } from '../learning/learning-service.ts';
import { newToken } from '../platform/ids.ts';
import type { Role } from '../platform/views/page-context.ts';
import { createPeerReviewService, findAssignment } from './peer-review-service.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const COURSE = '/en/courses/fixture-course';
const PEER = `${COURSE}/peer/fixture-peer`;
const PASSWORD = 'peer review password 1';
const TEXT = {
  ada: 'A human reviewer signs off every decision the fixture model proposes.',
  ben: 'An appeal route lets people contest the outcome within thirty days.',
  cai: 'We publish the model card and log every override for the auditor.',
};
const BEST = { 'criterion-clarity': 'clear', 'criterion-evidence': 'strong' };

async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const testApp = await buildTestApp(t, engine);
  const { app } = testApp;
  const { pkg } = await readPackage(FIXTURE);
  await app.services.courses.importPackage(pkg!, { publish: true });
  const events: CourseCompleted[] = [];
  app.services.learning.onCourseCompleted((event) => {
    events.push(event);
  });
  return { ...testApp, events };
}

async function person(app: FastifyInstance, name: string, roles: Role[] = [], enroll = true) {
  const email = `${name.toLowerCase()}@example.org`;
  const { id } = await app.services.identity.addUser({ email, name, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  if (enroll) await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
  return { id, agent, name };
}

const submit = (agent: Agent, text: string) => agent.post(`${PEER}/submit`, { text }, { from: PEER });
/** Asks for the next review; returns the review page's path, or null when none was given. */
async function next(agent: Agent): Promise<string | null> {
  const response = await agent.post(`${PEER}/reviews/next`, {}, { from: PEER });
  assert.equal(response.statusCode, 303);
  const location = String(response.headers.location);
  return location.includes('/reviews/') ? location : null;
}
const review = (agent: Agent, path: string, fields: Record<string, string> = BEST) =>
  agent.post(path, { ...fields, comment: 'Clear and well argued; add one example.' }, { from: path });

for (const engine of engines()) {
  describe(`peer review on ${engine}`, () => {
    test('visitors read the assignment; taking part needs an enrollment', async (t) => {
      const { app } = await setUp(t, engine);
      const visitor = new Agent(app);
      const unit = await visitor.get(`${COURSE}/units/practice-case`);
      assert.match(
        unit.body,
        /href="\/en\/courses\/fixture-course\/peer\/fixture-peer"/,
        'the unit links to it',
      );
      const page = await visitor.get(PEER);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Describe one safeguard/);
      assert.match(page.body, /Well reasoned\. \(2 points\)/, 'the rubric is public');
      assert.doesNotMatch(page.body, /name="text"/);
      assert.equal(
        (await visitor.post(`${PEER}/submit`, { text: TEXT.ada }, { from: '/en/register' })).statusCode,
        401,
      );
      const outsider = await person(app, 'Olga', [], false);
      assert.equal((await submit(outsider.agent, TEXT.ada)).statusCode, 403);
      assert.equal((await outsider.agent.get(`${COURSE}/peer/no-such-assignment`)).statusCode, 404);
      assert.equal(
        (await new Agent(app).get('/ko/courses/fixture-course/peer/fixture-peer')).statusCode,
        200,
      );
    });

    test('submissions are checked with localized messages and the text is kept', async (t) => {
      const { app } = await setUp(t, engine);
      const { agent } = await person(app, 'Ada');
      const empty = await submit(agent, '   ');
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Write your reflection before submitting\./);
      const short = await submit(agent, 'Too short');
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /too short/);
      assert.match(short.body, />Too short<\/textarea>/, 'what was typed is kept');
      const long = await submit(agent, 'x'.repeat(10_001));
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /too long/);
      agent.headers['accept-language'] = 'ko';
      const korean = await agent.post('/ko/courses/fixture-course/peer/fixture-peer/submit', { text: '' });
      assert.match(korean.body, /제출하기 전에 성찰 글을 쓰세요/);
      const ok = await submit(agent, TEXT.ada);
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `${PEER}?done=submitted`);
      await submit(agent, TEXT.ben);
      const rows = await app.services.database.db.selectFrom('peer_submissions').selectAll().execute();
      assert.deepEqual(
        rows.map((r) => r.text),
        [TEXT.ada],
        'one submission per learner; it does not change',
      );
    });

    test('the first learner is told there is nothing to review yet and is not blocked', async (t) => {
      const { app } = await setUp(t, engine);
      const { agent } = await person(app, 'Ada');
      const before = await agent.post(`${PEER}/reviews/next`, {}, { from: PEER });
      assert.equal(before.headers.location, PEER, 'submit first');
      await submit(agent, TEXT.ada);
      assert.equal(await next(agent), null);
      const page = await agent.get(`${PEER}?done=none`);
      assert.match(page.body, /you are among the first to submit/);
      assert.match(page.body, /You have done your part of the reviewing for now/);
      const results = await agent.get(`${PEER}/results`);
      assert.equal(results.statusCode, 200);
      assert.match(results.body, /No reviews yet\./);
    });

    test('reviews: allocation, anonymity, no self or repeat review, median score, completion once', async (t) => {
      const { app, events } = await setUp(t, engine);
      const { db } = app.services.database;
      const ada = await person(app, 'Ada');
      const ben = await person(app, 'Ben');
      const cai = await person(app, 'Cai');
      // Ada answers every exercise, two of them wrongly: 5 of 8 points (62.5%) without the peer grade.
      const course = (await app.services.courses.version('fixture-course'))!;
      const wrong = new Set(['fixture-truefalse', 'fixture-text']);
      for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
        for (const exercise of unit.exercises.filter((e) => e.type !== 'reflection')) {
          const form = wrong.has(exercise.id)
            ? { value: exercise.type === 'text' ? 'nope' : 'true' }
            : correctForm(exercise);
          await app.services.learning.answer(ada.id, course, unit, exercise, form, newToken());
        }
      }
      let progress = await app.services.learning.progress(ada.id, course);
      assert.equal(progress.unitsPercent, 100);
      assert.equal(progress.averageScorePercent, 62.5, 'the ungraded peer assignment counts as 0');
      assert.equal(events.length, 0);

      await submit(ada.agent, TEXT.ada);
      await submit(ben.agent, TEXT.ben);
      await submit(cai.agent, TEXT.cai);
      const benFirst = await next(ben.agent);
      assert.ok(benFirst);
      const page = await ben.agent.get(benFirst);
      assert.match(
        page.body,
        new RegExp(TEXT.ada),
        'the oldest submission with the fewest reviews comes first',
      );
      assert.doesNotMatch(page.body, /Ada|ada@example/, "the author's identity is not shown");
      assert.equal(await next(ben.agent), benFirst, 'asking again gives back the reservation held');

      // Nobody else opens or completes a reservation.
      assert.equal((await cai.agent.get(benFirst)).statusCode, 403);
      assert.equal((await review(cai.agent, benFirst)).statusCode, 403);

      const missing = await ben.agent.post(
        benFirst,
        { 'criterion-clarity': 'clear', comment: 'Keep this comment.' },
        { from: benFirst },
      );
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /Choose a level for this criterion\./);
      assert.match(missing.body, />Keep this comment\.<\/textarea>/);
      assert.match(missing.body, /id="field-criterion-clarity-clear"[^>]*checked/);
      assert.equal((await review(ben.agent, benFirst)).statusCode, 303);
      assert.equal((await ben.agent.get(benFirst)).statusCode, 303, 'a finished review is not reopened');

      const caiFirst = await next(cai.agent);
      assert.match((await cai.agent.get(caiFirst!)).body, new RegExp(TEXT.ben), 'Ben has 0, Ada 1');
      await review(cai.agent, caiFirst!);
      const caiSecond = await next(cai.agent);
      assert.match((await cai.agent.get(caiSecond!)).body, new RegExp(TEXT.ada));
      assert.equal(events.length, 0);
      await review(cai.agent, caiSecond!);
      assert.equal(events.length, 1, "Ada's peer grade is final: 6 of 8 points, the course is complete");
      progress = await app.services.learning.progress(ada.id, course);
      assert.equal(progress.peerScores.get('fixture-peer'), 1);
      assert.equal(progress.averageScorePercent, 75);
      assert.equal(await next(cai.agent), null, 'Cai reviewed everyone else: nothing left');

      // Results: Ada still owes reviews, so they are hidden until she has done her part.
      let results = await ada.agent.get(`${PEER}/results`);
      assert.match(results.body, /4 of 4 points/);
      assert.match(results.body, /Finish the reviews asked of you/);
      for (let i = 0; i < 2; i++) {
        const path = await next(ada.agent);
        assert.ok(path);
        const body = (await ada.agent.get(path)).body;
        assert.doesNotMatch(body, new RegExp(TEXT.ada), 'never her own work');
        await review(ada.agent, path, { 'criterion-clarity': 'unclear', 'criterion-evidence': 'some' });
      }
      assert.equal(await next(ada.agent), null);
      assert.equal(events.length, 1, 'the event fires once');
      results = await ada.agent.get(`${PEER}/results`);
      assert.match(results.body, /Review 2/);
      assert.match(results.body, /Clear and well argued/);
      assert.doesNotMatch(results.body, /Ben|Cai|ben@|cai@/, "reviewers' identities are never shown");

      const reviews = await db.selectFrom('peer_reviews').selectAll().execute();
      assert.equal(reviews.length, 5, 'Ben 1, Cai 2, Ada 2');
      const pairs = new Set(reviews.map((r) => `${r.reviewer_id}:${r.submission_id}`));
      assert.equal(pairs.size, 5, 'no reviewer reviewed the same submission twice');
      const authors = new Map(
        (await db.selectFrom('peer_submissions').select(['id', 'user_id']).execute()).map((s) => [
          s.id,
          s.user_id,
        ]),
      );
      assert.ok(
        reviews.every((r) => authors.get(r.submission_id) !== r.reviewer_id),
        'nobody reviewed own work',
      );
      const duplicate = { ...reviews[0]!, id: 'duplicate-review' };
      await assert.rejects(
        db.insertInto('peer_reviews').values(duplicate).execute(),
        'the database refuses a repeat',
      );

      // Ben received one top and one low review: medians per criterion, summed.
      const benResults = await ben.agent.get(`${PEER}/results`);
      assert.match(benResults.body, /2\.5 of 4 points/, 'median(2, 0) + median(2, 1)');
    });

    test('an author flags a review they received; once staff hide it, the grade is worked out again', async (t) => {
      const { app } = await setUp(t, engine);
      const ada = await person(app, 'Ada');
      const ben = await person(app, 'Ben');
      const cai = await person(app, 'Cai');
      const admin = await person(app, 'Root', ['admin'], false);
      await submit(ada.agent, TEXT.ada);
      await submit(ben.agent, TEXT.ben);
      await submit(cai.agent, TEXT.cai);
      for (const who of [ben, cai, cai, ada, ada]) {
        const path = await next(who.agent);
        assert.ok(path);
        await review(who.agent, path);
      }
      let results = await ada.agent.get(`${PEER}/results`);
      assert.match(results.body, /4 of 4 points/);
      const reviewIds = [
        ...results.body.matchAll(
          /name="type" value="review"\/><input type="hidden" name="id" value="([^"]+)"/g,
        ),
      ].map((m) => m[1]!);
      assert.equal(reviewIds.length, 2);
      const target = reviewIds[1]!;
      assert.equal(
        (
          await ben.agent.post(
            `${PEER}/flags`,
            { type: 'review', id: target, [`reason-${target}`]: 'x' },
            { from: PEER },
          )
        ).statusCode,
        404,
        'only the author of the reviewed text flags a review',
      );
      const flagged = await ada.agent.post(
        `${PEER}/flags`,
        { type: 'review', id: target, [`reason-${target}`]: 'The comment is abusive.' },
        { from: `${PEER}/results` },
      );
      assert.equal(flagged.headers.location, `${PEER}/results?done=flagged`);
      const flagId = (
        await app.services.database.db.selectFrom('peer_flags').select('id').executeTakeFirstOrThrow()
      ).id;
      await admin.agent.post(
        `/en/admin/peer-review/flags/${flagId}/hide`,
        {},
        { from: '/en/admin/peer-review' },
      );
      results = await ada.agent.get(`${PEER}/results`);
      assert.match(
        results.body,
        /Your grade is final once 2 reviews have been received/,
        'one review left: waiting again',
      );
      assert.doesNotMatch(results.body, /Review 2/);
    });

    test('flexible grading, staff queue, flags and overrides', async (t) => {
      const { app, events } = await setUp(t, engine);
      const { db } = app.services.database;
      const ada = await person(app, 'Ada');
      const ben = await person(app, 'Ben');
      const cai = await person(app, 'Cai');
      const author = await person(app, 'Arun', ['author'], false);
      await submit(ada.agent, TEXT.ada);
      await submit(ben.agent, TEXT.ben);
      await submit(cai.agent, TEXT.cai);
      // Ben reviews Ada's text once; nobody reviews Ben's or Cai's.
      const path = await next(ben.agent);
      await review(ben.agent, path!);
      const reservation = await next(cai.agent);
      assert.ok(reservation, 'Cai holds a reservation and walks away');

      assert.equal((await ada.agent.get('/en/admin/peer-review')).statusCode, 403, 'learners are not staff');
      assert.equal((await new Agent(app).get('/en/admin/peer-review')).statusCode, 303, 'to sign in');
      let staff = await author.agent.get('/en/admin/peer-review');
      assert.equal(staff.statusCode, 200);
      assert.match(staff.body, /No submission is waiting for the staff\./, 'not before the flexible date');

      // Eight days later (flexibleGradingDays: 7).
      const { courses, learning } = app.services;
      const later = createPeerReviewService({
        db,
        courses,
        learning,
        clock: () => new Date(Date.now() + 8 * 86_400_000),
      });
      const course = (await courses.version('fixture-course'))!;
      const { assignment } = findAssignment(course, 'fixture-peer')!;
      const adaStatus = await later.status(ada.id, course, assignment);
      assert.equal(adaStatus.grading, 'final', 'one review is enough after the flexible date');
      assert.equal(adaStatus.submission?.final_points, 4);
      const queue = await later.staffQueue();
      assert.deepEqual(
        queue.waiting.map((w) => w.submission.text).sort(),
        [TEXT.ben, TEXT.cai].sort(),
        'with no review, staff grade it',
      );
      // The abandoned reservation returns to the pool: after it expires, Ada is given Cai's text too.
      const held = await later.requestReview(ada.id, course, assignment);
      assert.equal(held.status, 'assigned');
      const expired = await later.requestReview(cai.id, course, assignment);
      assert.equal(expired.status, 'assigned');
      assert.notEqual(expired.status === 'assigned' && expired.reviewId, reservation!.split('/').pop());

      // Staff override with a reason, audit-logged; errors keep the input.
      const benSubmission = (await db
        .selectFrom('peer_submissions')
        .select('id')
        .where('user_id', '=', ben.id)
        .executeTakeFirstOrThrow())!.id;
      const gradeUrl = `/en/admin/peer-review/submissions/${benSubmission}/grade`;
      const bad = await author.agent.post(
        gradeUrl,
        { [`points-${benSubmission}`]: '9', [`reason-${benSubmission}`]: 'Graded by staff.' },
        { from: '/en/admin/peer-review' },
      );
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /from 0 to the rubric&#39;s maximum|from 0 to the rubric's maximum/);
      const good = await author.agent.post(
        gradeUrl,
        { [`points-${benSubmission}`]: '3', [`reason-${benSubmission}`]: 'No peer review arrived in time.' },
        { from: '/en/admin/peer-review' },
      );
      assert.equal(good.statusCode, 303);
      const audit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'peer.grade.override')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_id, author.id);
      assert.match(audit[0]!.detail, /No peer review arrived in time/);
      const benResults = await ben.agent.get(`${PEER}/results`);
      assert.match(benResults.body, /3 of 4 points/);
      assert.match(benResults.body, /set by the course staff: No peer review arrived in time\./);
      assert.equal(events.length, 0, 'no exercise answered: the course stays open');

      // Cai flags the text they were given; staff hide it and it leaves the pool.
      const caiHeld = await next(cai.agent);
      const caiPage = await cai.agent.get(caiHeld!);
      const flaggedId = /name="id" value="([^"]+)"/.exec(caiPage.body)![1]!;
      const foreign = await ada.agent.post(
        `${PEER}/flags`,
        { type: 'submission', id: flaggedId, [`reason-${flaggedId}`]: 'spam' },
        { from: PEER },
      );
      assert.equal(foreign.statusCode, 404, 'only what one was shown can be flagged');
      const flagged = await cai.agent.post(
        `${PEER}/flags`,
        { type: 'submission', id: flaggedId, [`reason-${flaggedId}`]: 'It insults a group of people.' },
        { from: caiHeld! },
      );
      assert.equal(flagged.statusCode, 303);
      staff = await author.agent.get('/en/admin/peer-review');
      assert.match(staff.body, /It insults a group of people\./);
      const flagId = (await db.selectFrom('peer_flags').select('id').executeTakeFirstOrThrow()).id;
      assert.equal(
        (await ada.agent.post(`/en/admin/peer-review/flags/${flagId}/hide`, {}, { from: PEER })).statusCode,
        403,
      );
      const hidden = await author.agent.post(
        `/en/admin/peer-review/flags/${flagId}/hide`,
        {},
        { from: '/en/admin/peer-review' },
      );
      assert.equal(hidden.statusCode, 303);
      const row = await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('id', '=', flaggedId)
        .executeTakeFirstOrThrow();
      assert.ok(row.hidden_at, 'hidden');
      assert.match((await author.agent.get('/en/admin/peer-review')).body, /Nothing has been reported\./);
      assert.equal(
        (await db.selectFrom('audit_log').selectAll().where('action', '=', 'peer.flag.hidden').execute())
          .length,
        1,
      );
    });
  });
}
