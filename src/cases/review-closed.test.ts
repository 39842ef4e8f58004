import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { releaseDecisions, setUpReview } from '../../test/support/review.ts';

for (const engine of engines()) {
  describe(`reviews after the review phase on ${engine}`, () => {
    test('once decisions are released a review cannot be changed, on the page or by posting', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const setup = await setUpReview(app);
      await releaseDecisions(setup);
      const { a, reviewers } = setup;

      const page = await reviewers.r1.get(`/en/review/${a}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Reviews for this call are closed/);
      assert.doesNotMatch(page.body, /name="comments_to_authors"/, 'no form to edit');
      assert.match(page.body, /A model for other cities\./, 'the review is still shown');

      const edit = await reviewers.r1.post(
        `/en/review/${a}`,
        {
          score_impact: '1',
          score_transferability: '1',
          recommendation: 'decline',
          comments_to_authors: 'Changed my mind after the decision.',
          intent: 'submit',
        },
        { from: '/en/review' },
      );
      assert.equal(edit.statusCode, 409);
      assert.match(edit.body, /Reviews for this call are closed/);
      const declined = await reviewers.r1.post(
        `/en/review/${a}/decline`,
        { reason: 'late', kind: 'decline' },
        { from: '/en/review' },
      );
      assert.equal(declined.statusCode, 409);

      const stored = await app.services.reviews.reviewsOf(a);
      const mine = stored.find((r) => r.commentsToAuthors.length)!;
      assert.equal(mine.commentsToAuthors, 'A model for other cities.');
      assert.equal(mine.recommendation, 'select');
      const r1 = (await app.services.identity.findByEmail('r1@uni.example'))!.id;
      assert.equal(
        await app.services.reviews.saveReview(
          a,
          r1,
          { scores: {}, recommendation: 'decline', commentsToAuthors: 'x', confidentialComments: '' },
          true,
        ),
        false,
        'the store refuses too',
      );
      assert.equal(
        (await app.services.reviews.reviewsOf(a)).find((r) => r.reviewerId === r1)?.recommendation,
        'select',
      );
    });

    test('while the call is in review the same edit goes through', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { a, call, admin, reviewers } = await setUpReview(app);
      const base = `/en/admin/calls/${call.id}/review`;
      await admin.post(`${base}/assign`, {}, { from: base });
      const edit = await reviewers.r1.post(
        `/en/review/${a}`,
        { recommendation: 'shortlist', comments_to_authors: 'Draft', intent: 'save' },
        { from: `/en/review/${a}` },
      );
      assert.equal(edit.statusCode, 303);
    });
  });
}
