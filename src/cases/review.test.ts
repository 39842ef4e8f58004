import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { setUpReview as setUp } from '../../test/support/review.ts';

for (const engine of engines()) {
  describe(`review, decisions and the case library on ${engine}`, () => {
    test('automatic assignment respects conflicts; a conflicted reviewer sees nothing of the case', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { call, a, b, reviewers, admin } = await setUp(app);
      const assigned = await admin.post(
        `/en/admin/calls/${call.id}/review/assign`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      assert.equal(assigned.statusCode, 303);
      const { db } = app.services.database;
      const rows = await db
        .selectFrom('assignments')
        .innerJoin('users', 'users.id', 'assignments.reviewer_id')
        .select(['submission_id', 'users.email'])
        .execute();
      const of = (id: string) =>
        rows
          .filter((r) => r.submission_id === id)
          .map((r) => r.email)
          .sort();
      assert.equal(of(a).length, 3);
      assert.ok(
        !of(a).includes('insider@velmora.example'),
        'same organisation and email domain: never assigned',
      );
      assert.equal(of(b).length, 3);
      const conflict = await db.selectFrom('conflicts').selectAll().executeTakeFirstOrThrow();
      assert.equal(conflict.submission_id, a);
      assert.equal(conflict.status, 'suspected');

      const insider = reviewers.insider;
      assert.equal((await insider.get(`/en/review/${a}`)).statusCode, 404, 'not even that it exists');
      assert.doesNotMatch((await insider.get('/en/review')).body, new RegExp(a));
      assert.equal(
        (await insider.post(`/en/review/${a}/discussion`, { body: 'hello' }, { from: '/en/review' }))
          .statusCode,
        404,
      );
      assert.equal(
        (
          await insider.post(
            `/en/review/${a}`,
            { recommendation: 'select', comments_to_authors: 'x', intent: 'submit' },
            { from: '/en/review' },
          )
        ).statusCode,
        404,
      );
      // Even a manual override cannot put a conflicted reviewer on the case.
      const insiderId = (await app.services.identity.findByEmail('insider@velmora.example'))!.id;
      const forced = await admin.post(
        `/en/admin/calls/${call.id}/review/assign-one`,
        { submission: a, reviewer: insiderId },
        { from: `/en/admin/calls/${call.id}/review` },
      );
      assert.match(String(forced.headers.location), /done=conflict-refused/);
    });

    test('a conflict the submitter declares keeps that reviewer off the case', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { call, a, submitterA, admin } = await setUp(app);
      const r1 = (await app.services.identity.findByEmail('r1@uni.example'))!.id;
      const form = await submitterA.get(`/en/submissions/${a}`);
      assert.match(form.body, /Conflicts of interest with the advisory group/);
      assert.match(form.body, /Rev One \(University One\)/);
      await app.services.reviews.setSubmitterConflicts(a, [r1, 'not-a-member']);
      assert.deepEqual(await app.services.reviews.declaredBySubmitter(a), [r1]);
      await admin.post(
        `/en/admin/calls/${call.id}/review/assign`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      const assigned = await app.services.database.db
        .selectFrom('assignments')
        .select('reviewer_id')
        .where('submission_id', '=', a)
        .execute();
      assert.ok(!assigned.some((x) => x.reviewer_id === r1));
      assert.equal(await app.services.reviews.canReview(a, r1), false);
    });

    test('reviewers see the others’ reviews only after their own; declining hands the case on', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { call, a, reviewers, admin } = await setUp(app);
      await admin.post(
        `/en/admin/calls/${call.id}/review/assign`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      const { r1, r2, r3 } = reviewers;
      const missing = await r1.post(
        `/en/review/${a}`,
        { recommendation: 'select', intent: 'submit' },
        { from: `/en/review/${a}` },
      );
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /Choose a score for this criterion/);
      assert.match(missing.body, /Write comments to the authors/);
      await r1.post(
        `/en/review/${a}`,
        {
          score_impact: '5',
          score_transferability: '4',
          recommendation: 'select',
          comments_to_authors: 'Strong, well evidenced.',
          confidential_comments: 'Best of the batch.',
          intent: 'submit',
        },
        { from: `/en/review/${a}` },
      );
      const beforeOwn = await r2.get(`/en/review/${a}`);
      assert.match(beforeOwn.body, /You will see the other reviews after you submit your own/);
      assert.doesNotMatch(beforeOwn.body, /Strong, well evidenced/);
      await r2.post(
        `/en/review/${a}`,
        {
          score_impact: '1',
          score_transferability: '1',
          recommendation: 'decline',
          comments_to_authors: 'Evidence is thin.',
          intent: 'submit',
        },
        { from: `/en/review/${a}` },
      );
      const afterOwn = await r2.get(`/en/review/${a}`);
      assert.match(afterOwn.body, /Strong, well evidenced/);
      assert.match(afterOwn.body, /The reviewers disagree/);

      const declined = await r3.post(
        `/en/review/${a}/decline`,
        { reason: 'Travelling', kind: 'decline' },
        { from: `/en/review/${a}` },
      );
      assert.equal(declined.statusCode, 303);
      assert.equal((await r3.get(`/en/review/${a}`)).statusCode, 404);
      const active = await app.services.database.db
        .selectFrom('assignments')
        .select('reviewer_id')
        .where('submission_id', '=', a)
        .where('declined_at', 'is', null)
        .execute();
      assert.equal(active.length, 2, 'only the insider is left, and conflicted: the case stays one short');
    });

    test('decisions are released together; submitters get comments without names; selected cases are published', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const { call, a, b, reviewers, admin, calls, submitterA } = await setUp(app);
      await admin.post(
        `/en/admin/calls/${call.id}/review/assign`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      await reviewers.r1.post(
        `/en/review/${a}`,
        {
          score_impact: '5',
          score_transferability: '5',
          recommendation: 'select',
          comments_to_authors: 'A model for other cities.',
          confidential_comments: 'secret note',
          intent: 'submit',
        },
        { from: `/en/review/${a}` },
      );
      assert.equal((await submitterA.get(`/en/review/${a}`)).statusCode, 403, 'submitters are not reviewers');
      assert.equal((await reviewers.r1.get(`/en/admin/calls/${call.id}/review`)).statusCode, 403);

      await admin.post(
        `/en/admin/calls/${call.id}/review/decide`,
        { submission: a, decision: 'selected' },
        { from: `/en/admin/calls/${call.id}/review` },
      );
      const early = await admin.post(
        `/en/admin/calls/${call.id}/review/release`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      assert.match(String(early.headers.location), /done=undecided/);
      await admin.post(
        `/en/admin/calls/${call.id}/review/decide`,
        { submission: b, decision: 'declined' },
        { from: `/en/admin/calls/${call.id}/review` },
      );
      await calls.advance(call.id, 'decision');
      const released = await admin.post(
        `/en/admin/calls/${call.id}/review/release`,
        {},
        { from: `/en/admin/calls/${call.id}/review` },
      );
      assert.match(String(released.headers.location), /done=released/);

      const toA = outbox.find((m) => m.to === 'a@velmora.example' && /Decision/.test(m.subject))!;
      assert.match(toA.text, /has been selected/);
      assert.match(toA.text, /A model for other cities\./);
      assert.doesNotMatch(toA.text, /Rev One|secret note/, 'no reviewer identity, no confidential comments');
      assert.ok(outbox.some((m) => m.to === 'b@kestrel.example' && /not been selected/.test(m.text)));

      const library = await new Agent(app).get('/en/cases');
      assert.match(library.body, /Algorithm register for a city/);
      assert.doesNotMatch(library.body, /윤리 위원회 운영 사례/, 'declined cases are not published');
      const caseId = /href="\/en\/cases\/([^"]+)"/.exec(library.body)?.[1];
      assert.ok(caseId);
      const page = await new Agent(app).get(`/en/cases/${caseId}`);
      assert.match(page.body, /CC BY 4.0/);
      assert.match(page.body, /@misc\{/);
      const api = await app.inject(`/api/v1/cases?practiceType=governance-framework`);
      assert.equal(api.json().cases[0].id, caseId);
      const csv = await app.inject('/cases.csv');
      assert.equal(
        csv.body.split('\r\n')[0],
        'id,url,title,summary,language,organisation,authors,practiceType,stakeholderType,country,region,sector,principles,policyAreas,year,licence,publishedAt',
      );
      assert.match(csv.body, /Algorithm register for a city/);
      const feed = await app.inject('/cases/feed.atom');
      assert.match(feed.body, /<entry>[\s\S]*Algorithm register for a city/);
      const searched = await app.inject('/api/v1/cases?q=register');
      assert.equal(searched.json().cases.length, 1);
      const none = await app.inject('/api/v1/cases?q=nothing-like-this');
      assert.equal(none.json().cases.length, 0);
    });
  });
}
