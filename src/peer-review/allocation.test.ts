import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { readPackage } from '../courses/package/read-package.ts';
import {
  gradingState,
  median,
  type PoolEntry,
  peerScore,
  pickSubmission,
  reviewsOwed,
} from './allocation.ts';
import { createPeerReviewService, findAssignment, RESERVATION_MS } from './peer-review-service.ts';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimReview {
  submission: string;
  reviewer: string;
  status: 'assigned' | 'done';
  expiresAt: number;
}

/**
 * The allocation core driven the way the store drives it, in memory: learners arrive in a random
 * order, submit, ask for work, review or walk away from a reservation (which expires after `ttl`
 * steps), all interleaved at random. Every property is checked at every step.
 */
function simulate(seed: number) {
  const random = prng(seed);
  const n = 4 + Math.floor(random() * 37);
  const perSubmission = 2 + Math.floor(random() * 3);
  const perLearner = perSubmission;
  const ttl = 5 + Math.floor(random() * 20);
  const learners = Array.from({ length: n }, (_, i) => `learner-${i}`);
  // Each learner arrives at a random step; some arrive after others have finished reviewing.
  const arrival = new Map(learners.map((l) => [l, Math.floor(random() * n * 4)]));
  const submissions: { id: string; authorId: string; submittedAt: string }[] = [];
  const reviews: SimReview[] = [];
  const away = new Map<string, number>();
  let clock = 0;
  let maxEligibleSpread = 0;
  let requests = 0;
  let unevenRequests = 0;

  const poolAt = (): PoolEntry[] =>
    submissions.map((s) => ({
      ...s,
      activeReviews: reviews.filter(
        (r) => r.submission === s.id && (r.status === 'done' || r.expiresAt > clock),
      ).length,
    }));
  const touched = (learner: string) =>
    new Set(reviews.filter((r) => r.reviewer === learner).map((r) => r.submission));
  const done = (learner: string) =>
    reviews.filter((r) => r.reviewer === learner && r.status === 'done').length;
  const owed = (learner: string) => {
    const work = new Map<string, { reviewed: Set<string>; held: Set<string> }>();
    for (const r of reviews) {
      const entry = work.get(r.reviewer) ?? { reviewed: new Set(), held: new Set() };
      if (r.status === 'done') entry.reviewed.add(r.submission);
      else if (r.expiresAt > clock) entry.held.add(r.submission);
      work.set(r.reviewer, entry);
    }
    return reviewsOwed({
      learner,
      pool: poolAt(),
      work,
      reviewsPerLearner: perLearner,
      reviewsPerSubmission: perSubmission,
    });
  };

  /** What the store's requestReview does, with the properties checked on the way. */
  function request(learner: string): SimReview | null {
    for (let i = reviews.length - 1; i >= 0; i--) {
      if (reviews[i]!.status === 'assigned' && reviews[i]!.expiresAt <= clock) reviews.splice(i, 1);
    }
    const held = reviews.find((r) => r.reviewer === learner && r.status === 'assigned');
    if (held) return held;
    const pool = poolAt();
    const mine = touched(learner);
    const eligible = pool.filter((e) => e.authorId !== learner && !mine.has(e.id));
    const choice = pickSubmission(pool, learner, mine);
    // (b) never blocked while an eligible submission exists; nothing invented when none does.
    assert.equal(choice === null, eligible.length === 0, `seed ${seed}: blocked with work available`);
    if (!choice) return null;
    // (c) never one's own work, never a submission reviewed or held before.
    assert.notEqual(choice.authorId, learner, `seed ${seed}: own work`);
    assert.ok(!mine.has(choice.id), `seed ${seed}: same submission twice`);
    // (d) balanced: the choice has the fewest reviews among the eligible, oldest first on a tie.
    const fewest = Math.min(...eligible.map((e) => e.activeReviews));
    assert.equal(choice.activeReviews, fewest, `seed ${seed}: not the least-reviewed`);
    const oldest = eligible
      .filter((e) => e.activeReviews === fewest)
      .sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : 1))[0]!;
    assert.equal(choice.id, oldest.id, `seed ${seed}: tie not broken by age`);
    requests++;
    if (Math.max(...eligible.map((e) => e.activeReviews)) - fewest > 1) unevenRequests++;
    maxEligibleSpread = Math.max(
      maxEligibleSpread,
      Math.max(...eligible.map((e) => e.activeReviews)) - fewest,
    );
    const review: SimReview = {
      submission: choice.id,
      reviewer: learner,
      status: 'assigned',
      expiresAt: clock + ttl,
    };
    reviews.push(review);
    return review;
  }

  /** One learner's next move, or false when they have nothing to do now. */
  function act(learner: string, catchUp: boolean): boolean {
    if (clock < (arrival.get(learner) ?? 0) && !catchUp) return false;
    if ((away.get(learner) ?? -1) > clock) return false;
    if (!submissions.some((s) => s.authorId === learner)) {
      submissions.push({
        id: `s-${learner}`,
        authorId: learner,
        submittedAt: String(clock).padStart(6, '0'),
      });
      return true;
    }
    if (owed(learner) === 0) return false;
    const review = request(learner);
    if (!review) return false;
    // Some learners walk away from a reservation and come back after it has expired.
    if (!catchUp && random() < 0.15) {
      away.set(learner, clock + ttl + 1);
      return true;
    }
    review.status = 'done';
    return true;
  }

  // Random interleaving: at each step, a random learner makes a move (or has nothing to do).
  for (let step = 0; step < n * 40; step++) {
    clock++;
    act(learners[Math.floor(random() * n)]!, false);
  }
  // Then everyone does what is still asked of them, and nobody walks away any more.
  clock += ttl + 1;
  for (let progress = true; progress; ) {
    progress = false;
    for (const learner of learners) {
      clock++;
      if (act(learner, true)) progress = true;
    }
  }
  const counts = submissions.map(
    (s) => reviews.filter((r) => r.submission === s.id && r.status === 'done').length,
  );
  const pairs = new Set(reviews.map((r) => `${r.reviewer}|${r.submission}`));
  assert.equal(pairs.size, reviews.length, `seed ${seed}: a pair repeats`);
  const given = learners.map(done);
  return { n, perSubmission, perLearner, counts, given, maxEligibleSpread, requests, unevenRequests };
}

describe('peer-review allocation (pure core)', () => {
  test('200 random arrival orders: everyone reviewed, nobody blocked, no self or repeat review, balanced', (t) => {
    let extraReviews = 0;
    let requests = 0;
    let uneven = 0;
    let maxSpread = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const run = simulate(seed);
      // (a) with n > reviewsPerSubmission, every submission reaches reviewsPerSubmission reviews.
      assert.ok(run.n > run.perSubmission);
      for (const count of run.counts)
        assert.ok(count >= run.perSubmission, `seed ${seed}: a submission starved`);
      // Everyone gave at least what was asked; the catch-up for late submissions stays small.
      for (const given of run.given) assert.ok(given >= run.perLearner, `seed ${seed}: reviews missing`);
      extraReviews = Math.max(extraReviews, Math.max(...run.given) - run.perLearner);
      requests += run.requests;
      uneven += run.unevenRequests;
      maxSpread = Math.max(maxSpread, run.maxEligibleSpread);
    }
    t.diagnostic(`max extra reviews by one learner: ${extraReviews}`);
    t.diagnostic(
      `requests: ${requests}; eligible counts differing by more than 1: ${uneven}; max spread ${maxSpread}`,
    );
    assert.ok(extraReviews <= 3, `a learner gave ${extraReviews} reviews beyond the quota`);
    // (d) holds as the choice rule, checked at every request above: always a least-reviewed eligible
    // submission (oldest on a tie), so an allocation never widens the gap between counts. Counts among
    // the eligible do differ by more than 1 when a submission arrives late (it starts at 0) or when
    // "not one's own, not twice" holds a reviewer back; the diagnostic above says how often.
  });

  test('when everyone submits before reviewing, review counts never differ by more than 2', () => {
    // Also the classic starvation scenario: 5 learners, 3 reviews each, submitted in one batch.
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const n = 4 + Math.floor(random() * 37);
      const pool: PoolEntry[] = Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        authorId: `u${i}`,
        submittedAt: String(i).padStart(3, '0'),
        activeReviews: 0,
      }));
      const given = new Map<string, Set<string>>();
      for (let step = 0; step < n * 3; step++) {
        const reviewer = `u${Math.floor(random() * n)}`;
        const mine = given.get(reviewer) ?? new Set();
        const choice = pickSubmission(pool, reviewer, mine);
        if (!choice) continue;
        const eligible = pool.filter((e) => e.authorId !== reviewer && !mine.has(e.id));
        const counts = eligible.map((e) => e.activeReviews);
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, `seed ${seed}`);
        choice.activeReviews++;
        mine.add(choice.id);
        given.set(reviewer, mine);
        const all = pool.map((e) => e.activeReviews);
        assert.ok(Math.max(...all) - Math.min(...all) <= 2, `seed ${seed}: global spread`);
      }
    }
  });

  test('median, score and flexible grading', () => {
    assert.equal(median([]), null);
    assert.equal(median([3]), 3);
    assert.equal(median([4, 1, 2]), 2);
    assert.equal(median([1, 2, 3, 10]), 2.5);
    assert.deepEqual(
      peerScore(
        ['a', 'b'],
        [
          { a: 2, b: 1 },
          { a: 0, b: 2 },
          { a: 2, b: 2 },
        ],
      ),
      {
        perCriterion: { a: 2, b: 2 },
        total: 4,
      },
    );
    const base = { reviewsPerSubmission: 3, submittedAt: '2026-01-01T00:00:00.000Z', flexibleGradingDays: 7 };
    assert.equal(gradingState({ ...base, completedReviews: 3, now: '2026-01-02T00:00:00.000Z' }), 'final');
    assert.equal(gradingState({ ...base, completedReviews: 1, now: '2026-01-02T00:00:00.000Z' }), 'waiting');
    assert.equal(gradingState({ ...base, completedReviews: 1, now: '2026-01-09T00:00:00.000Z' }), 'final');
    assert.equal(gradingState({ ...base, completedReviews: 0, now: '2026-01-09T00:00:00.000Z' }), 'staff');
    const entry = (id: string, activeReviews: number) => ({
      id,
      authorId: id,
      submittedAt: id,
      activeReviews,
    });
    const owed = (learner: string, pool: PoolEntry[], work = new Map()) =>
      reviewsOwed({ learner, pool, work, reviewsPerLearner: 2, reviewsPerSubmission: 2 });
    assert.equal(owed('a', [entry('a', 0)]), 0, 'the first learner is not kept waiting');
    assert.equal(owed('a', [entry('a', 0), entry('b', 0)]), 1, 'one other submission: one review');
    assert.equal(owed('z', [entry('a', 0)]), 0, 'nothing is asked before submitting');
    const done = (...ids: string[]) => ({ reviewed: new Set(ids), held: new Set<string>() });
    const work = new Map([
      ['a', done('b', 'c')],
      ['b', done('a', 'c')],
      ['c', done('a', 'b')],
    ]);
    const late = [entry('a', 2), entry('b', 2), entry('c', 2), entry('d', 0)];
    assert.equal(owed('a', late, work), 1, 'a late submission nobody else owes reviews to: catch up');
    assert.equal(owed('d', late, work), 2);
  });
});

for (const engine of engines()) {
  describe(`peer-review allocation through the store on ${engine}`, () => {
    test('concurrent requests take turns: one reservation each, balanced, never twice', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { pkg } = await readPackage(
        join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'),
      );
      await app.services.courses.importPackage(pkg!, { publish: true });
      const { courses, identity, learning, peerReview, database } = app.services;
      const course = (await courses.version('fixture-course'))!;
      const { assignment } = findAssignment(course, 'fixture-peer')!;
      const users: string[] = [];
      for (let i = 0; i < 6; i++) {
        const { id } = await identity.addUser({
          email: `c${i}@example.org`,
          name: `C${i}`,
          roles: [],
          password: 'x'.repeat(16),
        });
        await learning.enroll(id, 'fixture-course');
        await peerReview.submit(id, course, assignment, `A reflection written by learner number ${i}.`);
        users.push(id);
      }
      const outcomes = await Promise.all(
        [...users, users[0]!, users[1]!].map((id) => peerReview.requestReview(id, course, assignment)),
      );
      const ids = outcomes.map((o) => (o.status === 'assigned' ? o.reviewId : ''));
      assert.equal(ids[6], ids[0], 'a learner asking twice at once holds one reservation');
      assert.equal(ids[7], ids[1]);
      const rows = await database.db.selectFrom('peer_reviews').selectAll().execute();
      assert.equal(rows.length, 6);
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row.submission_id, (counts.get(row.submission_id) ?? 0) + 1);
      const values = [...counts.values()];
      assert.ok(Math.max(...values) - Math.min(...values, counts.size < 6 ? 0 : Infinity) <= 1, 'balanced');
    });

    test('random interleavings with abandoned reservations keep the properties', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { pkg } = await readPackage(
        join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'),
      );
      await app.services.courses.importPackage(pkg!, { publish: true });
      const { courses, learning, identity, database } = app.services;
      const { db } = database;
      const course = (await courses.version('fixture-course'))!;
      const { assignment } = findAssignment(course, 'fixture-peer')!;
      let now = Date.parse('2026-03-01T00:00:00.000Z');
      const peer = createPeerReviewService({ db, courses, learning, clock: () => new Date(now) });
      const users: string[] = [];
      for (let i = 0; i < 7; i++) {
        const { id } = await identity.addUser({
          email: `p${i}@example.org`,
          name: `P${i}`,
          roles: [],
          password: 'x'.repeat(16),
        });
        await learning.enroll(id, 'fixture-course');
        users.push(id);
      }
      for (let seed = 1; seed <= 4; seed++) {
        const random = prng(seed);
        await db.deleteFrom('peer_reviews').execute();
        await db.deleteFrom('peer_submissions').execute();
        const n = 4 + Math.floor(random() * 4);
        const learners = users.slice(0, n);
        const order = [...learners].sort(() => random() - 0.5);
        const submitted = new Set<string>();
        const walkedAway = new Set<string>();
        for (let step = 0; step < n * 8; step++) {
          now += 60_000;
          const learner = order[Math.floor(random() * Math.min(n, 2 + step / 2))]!;
          if (!submitted.has(learner)) {
            await peer.submit(
              learner,
              course,
              assignment,
              `Reflection by a learner, seed ${seed} step ${step}.`,
            );
            submitted.add(learner);
            continue;
          }
          const status = await peer.status(learner, course, assignment);
          if (status.reviewsOwed === 0 && !status.reservation) continue;
          const outcome = await peer.requestReview(learner, course, assignment);
          const eligible = (
            await db.selectFrom('peer_submissions').select('id').where('user_id', '!=', learner).execute()
          ).length;
          if (outcome.status !== 'assigned') {
            // (b) "nothing yet" only when every other submission was already reviewed by this learner.
            const mine = await db
              .selectFrom('peer_reviews')
              .select('id')
              .where('reviewer_id', '=', learner)
              .execute();
            assert.equal(mine.length, eligible, 'not blocked while work exists');
            continue;
          }
          if (random() < 0.2 && !walkedAway.has(learner)) {
            walkedAway.add(learner);
            continue;
          }
          await peer.completeReview(learner, course, assignment, outcome.reviewId, {
            'criterion-clarity': 'clear',
            'criterion-evidence': 'some',
            comment: 'Fine.',
          });
        }
        // Reservations left behind expire; then everyone does what is asked of them.
        now += RESERVATION_MS + 60_000;
        for (let progress = true; progress; ) {
          progress = false;
          for (const learner of learners) {
            if (!submitted.has(learner)) {
              await peer.submit(learner, course, assignment, `A late reflection, seed ${seed}.`);
              submitted.add(learner);
            }
            const status = await peer.status(learner, course, assignment);
            if (status.reviewsOwed === 0) continue;
            const outcome = await peer.requestReview(learner, course, assignment);
            if (outcome.status !== 'assigned') continue;
            const result = await peer.completeReview(learner, course, assignment, outcome.reviewId, {
              'criterion-clarity': 'unclear',
              'criterion-evidence': 'strong',
              comment: 'Fine.',
            });
            assert.equal(result, 'done');
            progress = true;
          }
        }
        const reviews = await db
          .selectFrom('peer_reviews')
          .selectAll()
          .where('status', '=', 'done')
          .execute();
        const subs = await db.selectFrom('peer_submissions').selectAll().execute();
        const author = new Map(subs.map((s) => [s.id, s.user_id]));
        // (c) nobody reviewed own work or the same submission twice.
        assert.ok(reviews.every((r) => author.get(r.submission_id) !== r.reviewer_id));
        assert.equal(new Set(reviews.map((r) => `${r.reviewer_id}|${r.submission_id}`)).size, reviews.length);
        // (a) every submission reached reviewsPerSubmission and got its final peer grade.
        for (const s of subs) {
          const count = reviews.filter((r) => r.submission_id === s.id).length;
          assert.ok(count >= assignment.reviewsPerSubmission, `seed ${seed}: ${count} reviews`);
          assert.ok(s.finalized_at, 'graded');
        }
      }
    });
  });
}
