import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';
import { person, reviewer, setUpReview } from '../../test/support/review.ts';

for (const engine of engines()) {
  describe(`conflicts of interest on every assignment path on ${engine}`, () => {
    test('a manual assignment of a conflicted reviewer is refused with a message, and she is not offered', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { call, a, b, admin, reviewers } = await setUpReview(app);
      const { db } = app.services.database;
      const insiderId = (await app.services.identity.findByEmail('insider@velmora.example'))!.id;

      // No automatic assignment has run: the manual path finds the conflict on its own.
      const forced = await admin.post(
        `/en/admin/calls/${call.id}/review/assign-one`,
        { submission: a, reviewer: insiderId },
        { from: `/en/calls` },
      );
      assert.equal(forced.statusCode, 303);
      assert.match(String(forced.headers.location), /done=conflict-refused/);
      const assigned = await db
        .selectFrom('assignments')
        .select('reviewer_id')
        .where('submission_id', '=', a)
        .execute();
      assert.deepEqual(assigned, [], 'nothing assigned');
      assert.equal((await reviewers.insider.get(`/en/review/${a}`)).statusCode, 404);
      const page = await admin.get(String(forced.headers.location));
      assert.match(page.body, /has a conflict of interest with this case and was not assigned/);

      const select = (id: string) =>
        new RegExp(`<select id="assign-${id}"[^>]*>([\\s\\S]*?)</select>`).exec(page.body)?.[1] ?? '';
      assert.doesNotMatch(select(a), /Rev Insider/, 'not offered for her organisation’s case');
      assert.match(select(b), /Rev Insider/, 'still offered for a case she has no conflict with');

      // An unconflicted manual assignment still works.
      const fine = await admin.post(
        `/en/admin/calls/${call.id}/review/assign-one`,
        { submission: b, reviewer: insiderId },
        { from: `/en/admin/calls/${call.id}/review` },
      );
      assert.match(String(fine.headers.location), /done=changed/);
      assert.equal((await reviewers.insider.get(`/en/review/${b}`)).statusCode, 200);
    });

    test('conflicts are recorded when a case is submitted, before any assignment', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await openCall(app);
      await reviewer(app, 'insider@velmora.example', 'Rev Insider', 'City of Velmora (fictional)');
      await reviewer(app, 'r1@uni.example', 'Rev One', 'University One');
      const submitter = await person(app, 'a@velmora.example', 'Sub A');
      const { db } = app.services.database;
      const second = await submitter.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, title: 'A second register', intent: 'submit' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      assert.equal(second.statusCode, 303);
      const rows = await db
        .selectFrom('conflicts')
        .innerJoin('users', 'users.id', 'conflicts.reviewer_id')
        .innerJoin('submissions', 'submissions.id', 'conflicts.submission_id')
        .select(['users.email', 'conflicts.source', 'submissions.title'])
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.email, r.source, r.title]),
        [['insider@velmora.example', 'organisation', 'A second register']],
      );
    });
  });
}
