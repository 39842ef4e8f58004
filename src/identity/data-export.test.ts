import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';
import { completeCourse } from '../../test/support/learning.ts';
import { readSubmissionFields } from '../cases/submission-fields.ts';
import { FIXTURE, SLUG, startThread, threadIdOf, UNIT } from '../community/test-setup.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { nowIso } from '../platform/ids.ts';
import type { Role } from '../platform/views/page-context.ts';

const PASSWORD = 'data export password 1';
const COURSE = `/en/courses/${SLUG}`;
const PEER = `${COURSE}/peer/fixture-peer`;
const BEST = { 'criterion-clarity': 'clear', 'criterion-evidence': 'strong' };
/** Words that appear only in what one person wrote, so the export can be searched for them. */
const WRITTEN = {
  reflection: 'Ada reflects: a named person signs off every automated refusal.',
  peerAda: 'Ada safeguard: a human reviewer signs off every decision the model proposes.',
  peerBen: 'Benedikt safeguard: an appeal route lets people contest the outcome within thirty days.',
  peerCai: 'Caitlin safeguard: we publish the model card and log every override for the auditor.',
  threadTitle: 'Ada asks how audits are scoped',
  threadBody: 'Ada wonders who decides the scope of an algorithmic audit.',
  benReply: 'Benedikt answers that the regulator decides the scope.',
  reportNote: 'Ada thinks this reply is off-topic.',
  caseTitle: 'Ada register of municipal algorithms',
  coauthoredTitle: 'Benedikt open data charter, written with Ada',
  caiCaseTitle: 'Caitlin procurement checklist',
  draftTitle: 'Ada draft never submitted',
  reviewComment: 'Ada to the authors: show one worked example.',
  confidential: 'Ada to the panel: strong but narrow.',
  conflictNote: 'Ada advised this organisation last year.',
  caseDiscussion: 'Ada in the panel discussion: the results are self-reported.',
  flagReason: 'Ada finds this comment dismissive.',
};

async function person(app: FastifyInstance, email: string, name: string, roles: Role[] = []) {
  const { id } = await app.services.identity.addUser({ email, name, roles, password: PASSWORD });
  // Past the new-account rules of the discussions.
  await app.services.database.db
    .updateTable('users')
    .set({ created_at: nowIso(new Date(Date.now() - 2 * 86_400_000)) })
    .where('id', '=', id)
    .execute();
  const agent = new Agent(app);
  const signIn = await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  assert.equal(signIn.statusCode, 303);
  await agent.post(`${COURSE}/enroll`, {}, { from: COURSE });
  return { id, email, name, agent };
}

/** Asks for the next peer review and completes it. */
async function reviewNext(agent: Agent) {
  const asked = await agent.post(`${PEER}/reviews/next`, {}, { from: PEER });
  const path = String(asked.headers.location);
  assert.match(path, /\/reviews\//, 'a review was given');
  const done = await agent.post(path, { ...BEST, comment: 'Clear and well argued.' }, { from: path });
  assert.equal(done.statusCode, 303);
}

async function exportOf(agent: Agent) {
  const response = await agent.get('/en/account/export');
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-disposition']), /attachment/);
  return { text: response.body, data: JSON.parse(response.body) };
}

/**
 * Ada does a bit of everything; Benedikt and Caitlin are the other people around her (they review
 * her reflection, reply to her thread, submit their own cases).
 */
async function scenario(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const { app } = await buildTestApp(t, engine);
  const { pkg } = await readPackage(FIXTURE);
  await app.services.courses.importPackage(pkg!, { publish: true });
  const { db } = app.services.database;
  const ada = await person(app, 'ada@example.org', 'Ada Lovelace-Export', ['reviewer']);
  const ben = await person(app, 'benedikt@example.org', 'Benedikt Otherperson');
  const cai = await person(app, 'caitlin@example.org', 'Caitlin Thirdperson');

  // Peer review: everyone submits; Benedikt and Caitlin review Ada, Ada reviews them.
  for (const [who, text] of [
    [ada, WRITTEN.peerAda],
    [ben, WRITTEN.peerBen],
    [cai, WRITTEN.peerCai],
  ] as const) {
    const submitted = await who.agent.post(`${PEER}/submit`, { text }, { from: PEER });
    assert.equal(submitted.statusCode, 303);
  }
  for (const who of [ben, cai, cai, ada, ada]) await reviewNext(who.agent);
  const received = await db
    .selectFrom('peer_reviews')
    .innerJoin('peer_submissions', 'peer_submissions.id', 'peer_reviews.submission_id')
    .select('peer_reviews.id')
    .where('peer_submissions.user_id', '=', ada.id)
    .orderBy('peer_reviews.id')
    .execute();
  assert.equal(received.length, 2);
  const flagged = received[0]!.id;
  const flag = await ada.agent.post(
    `${PEER}/flags`,
    { type: 'review', id: flagged, [`reason-${flagged}`]: WRITTEN.flagReason },
    { from: `${PEER}/results` },
  );
  assert.equal(flag.statusCode, 303);

  // Study: every exercise answered, a reflection saved, the course completed (a certificate).
  await app.services.learning.saveReflection(ada.id, SLUG, 'fixture-reflection', WRITTEN.reflection);
  await completeCourse(app, ada.id, SLUG);

  // Discussion: Ada opens a thread, Benedikt replies, Ada votes for the reply and reports it.
  const opened = await startThread(ada.agent, UNIT, { title: WRITTEN.threadTitle, body: WRITTEN.threadBody });
  assert.equal(opened.statusCode, 303);
  const threadId = threadIdOf(opened.headers.location);
  const thread = `/en/discussions/${threadId}`;
  assert.equal(
    (await ben.agent.post(`${thread}/replies`, { body: WRITTEN.benReply, language: 'en' }, { from: thread }))
      .statusCode,
    303,
  );
  const reply = await db
    .selectFrom('discussion_posts')
    .select('id')
    .where('author_id', '=', ben.id)
    .executeTakeFirstOrThrow();
  assert.equal(
    (await ada.agent.post(`/en/discussions/posts/${reply.id}/vote`, { up: '1' }, { from: thread }))
      .statusCode,
    303,
  );
  const report = `/en/discussions/posts/${reply.id}/report`;
  assert.equal(
    (await ada.agent.post(report, { reason: 'off-topic', note: WRITTEN.reportNote }, { from: report }))
      .statusCode,
    303,
  );
  await ada.agent.post('/en/notifications/settings', { digest: 'yes' }, { from: '/en/notifications' });

  // Practice cases: Ada's own (with a file), one Benedikt wrote with her, Caitlin's, and Ada's draft.
  const call = await openCall(app);
  const { submissions, reviews } = app.services;
  const fields = (overrides: Record<string, unknown>) => readSubmissionFields({ ...CASE_FORM, ...overrides });
  const adaCase = await submissions.create(call.id, ada.id, fields({ title: WRITTEN.caseTitle }));
  await submissions.addFile(adaCase, {
    storageKey: 'sha256-ada-plan',
    filename: 'register-plan.pdf',
    type: 'application/pdf',
    size: 4321,
  });
  await submissions.submit(adaCase);
  const benCase = await submissions.create(
    call.id,
    ben.id,
    fields({ title: WRITTEN.coauthoredTitle, coauthors: ada.email }),
  );
  await submissions.submit(benCase);
  const caiCase = await submissions.create(call.id, cai.id, fields({ title: WRITTEN.caiCaseTitle }));
  await submissions.submit(caiCase);
  await submissions.create(call.id, ada.id, fields({ title: WRITTEN.draftTitle }));

  // Reviewing, as a member of the advisory group: Ada reviews Caitlin's case and declares a conflict.
  await reviews.saveProfile(ada.id, {
    expertise: ['transparency-explainability'],
    region: 'asia-pacific',
    languages: ['en'],
    organisation: 'Ada Institute',
    maxLoad: 5,
  });
  await reviews.assign(caiCase, ada.id, ada.id);
  await reviews.saveReview(
    caiCase,
    ada.id,
    {
      scores: { 'criterion-0': 4, 'criterion-1': 3 },
      commentsToAuthors: WRITTEN.reviewComment,
      confidentialComments: WRITTEN.confidential,
      recommendation: 'shortlist',
    },
    true,
  );
  await reviews.post(caiCase, ada.id, WRITTEN.caseDiscussion);
  await reviews.declareConflict(benCase, ada.id, 'reviewer', WRITTEN.conflictNote);

  return { app, db, ada, ben, cai, threadId, replyId: reply.id, adaCase, benCase, caiCase };
}

for (const engine of engines()) {
  describe(`data export on ${engine}`, () => {
    test('the export holds every section of what Praxis keeps about a person, and nobody else', async (t) => {
      const { app, ada, ben, cai, threadId, replyId, adaCase, benCase, caiCase } = await scenario(t, engine);
      const { text, data } = await exportOf(ada.agent);

      assert.deepEqual(Object.keys(data), [
        'exportedAt',
        'account',
        'sessions',
        'roleChanges',
        'learning',
        'certificates',
        'practiceCases',
        'community',
        'peerReview',
      ]);
      assert.equal(data.account.email, ada.email);
      assert.ok(data.sessions.length >= 1);

      // Learning: the enrollment, completed units, answers and the reflection.
      const { learning } = data;
      assert.equal(learning.enrollments.length, 1);
      assert.equal(learning.enrollments[0].course, SLUG);
      assert.ok(learning.enrollments[0].completedAt, 'the course is complete');
      assert.ok(learning.completedUnits.length > 0);
      assert.ok(learning.exerciseResults.length > 0);
      assert.ok(learning.answers.length >= learning.exerciseResults.length);
      assert.ok(learning.answers.every((a: { answer: unknown }) => a.answer !== undefined));
      assert.deepEqual(
        learning.reflections.map((r: { exerciseId: string; text: string }) => [r.exerciseId, r.text]),
        [['fixture-reflection', WRITTEN.reflection]],
      );

      // Certificates: what was issued and where it is verified, not the signed blobs.
      assert.equal(data.certificates.length, 1);
      const [certificate] = data.certificates;
      assert.equal(certificate.course, SLUG);
      assert.equal(certificate.private, false);
      assert.equal(certificate.revocation, null);
      assert.ok(certificate.issuedAt);
      assert.equal(certificate.verifyUrl, `http://praxis.test/en/verify/${certificate.id}`);
      const stored = await app.services.certificates.find(certificate.id);
      assert.ok(stored);
      assert.ok(!text.includes(stored.credential_jwt), 'the signed JWT is not copied');
      assert.doesNotMatch(text, /"proof"|credentialSubject/);

      // Practice cases: owned and co-authored, with files by name and size; the reviewing Ada did.
      const cases = data.practiceCases;
      assert.deepEqual(
        cases.submissions.map((s: { id: string; role: string; status: string }) => [s.id, s.role, s.status]),
        [
          [adaCase, 'owner', 'submitted'],
          [benCase, 'co-author', 'submitted'],
          [cases.submissions[2].id, 'owner', 'draft'],
        ],
      );
      const own = cases.submissions[0];
      assert.equal(own.title, WRITTEN.caseTitle);
      assert.equal(own.what, CASE_FORM.what);
      assert.equal(own.organisation, CASE_FORM.organisation);
      assert.deepEqual(own.files, [
        {
          filename: 'register-plan.pdf',
          type: 'application/pdf',
          size: 4321,
          uploadedAt: own.files[0].uploadedAt,
        },
      ]);
      assert.equal(own.decision, null, 'no decision before it is released');
      assert.doesNotMatch(text, /sha256-ada-plan/, 'storage keys stay inside');
      const reviewing = cases.reviewing;
      assert.equal(reviewing.profile.organisation, 'Ada Institute');
      assert.deepEqual(
        reviewing.assignments.map((a: { submissionId: string }) => a.submissionId),
        [caiCase],
      );
      assert.equal(reviewing.reviews.length, 1);
      assert.equal(reviewing.reviews[0].commentsToAuthors, WRITTEN.reviewComment);
      assert.equal(reviewing.reviews[0].confidentialComments, WRITTEN.confidential);
      assert.deepEqual(reviewing.reviews[0].scores, { 'criterion-0': 4, 'criterion-1': 3 });
      assert.deepEqual(
        reviewing.conflictDeclarations.map((c: { submissionId: string; note: string }) => [
          c.submissionId,
          c.note,
        ]),
        [[benCase, WRITTEN.conflictNote]],
      );
      assert.equal(reviewing.discussionPosts[0].body, WRITTEN.caseDiscussion);

      // Community: the thread and its opening post, the vote, the report, the notification, the digest.
      const { community } = data;
      assert.deepEqual(
        community.threads.map((th: { id: string; title: string }) => [th.id, th.title]),
        [[threadId, WRITTEN.threadTitle]],
      );
      assert.deepEqual(
        community.posts.map((p: { kind: string; body: string }) => [p.kind, p.body]),
        [['opening', WRITTEN.threadBody]],
      );
      assert.deepEqual(
        community.votes.map((v: { postId: string }) => v.postId),
        [replyId],
      );
      assert.deepEqual(
        community.reports.map((r: { postId: string; reason: string; note: string }) => [
          r.postId,
          r.reason,
          r.note,
        ]),
        [[replyId, 'off-topic', WRITTEN.reportNote]],
      );
      assert.equal(community.notifications.length, 1, "Benedikt's reply notified Ada");
      assert.equal(community.notifications[0].threadId, threadId);
      assert.equal(community.emailDigest.enabled, true);

      // Peer review: the reflection, both reviews received (anonymous), both given, the flag.
      const peer = data.peerReview;
      assert.equal(peer.submissions.length, 1);
      assert.equal(peer.submissions[0].text, WRITTEN.peerAda);
      assert.equal(peer.submissions[0].reviewsReceived.length, 2);
      for (const review of peer.submissions[0].reviewsReceived) {
        assert.deepEqual(Object.keys(review).sort(), ['comment', 'completedAt', 'levels', 'points']);
      }
      assert.equal(peer.reviewsGiven.length, 2);
      assert.ok(peer.reviewsGiven.every((r: { status: string }) => r.status === 'done'));
      assert.deepEqual(
        peer.flags.map((f: { targetType: string; reason: string }) => [f.targetType, f.reason]),
        [['review', WRITTEN.flagReason]],
      );

      // Nobody else: not the reviewers' identities, not what others wrote.
      // The review ids Ada was shown stay only as the target of her own flag; no reviewer id appears.
      const reviewsOfAda = peer.submissions[0].reviewsReceived;
      assert.ok(reviewsOfAda.every((r: Record<string, unknown>) => !('id' in r) && !('reviewerId' in r)));
      const others = await app.services.database.db
        .selectFrom('peer_reviews')
        .select(['id', 'reviewer_id'])
        .where('reviewer_id', '!=', ada.id)
        .execute();
      for (const review of others) {
        assert.ok(!text.includes(review.reviewer_id), 'no reviewer id of others');
        const mentions = text.split(review.id).length - 1;
        assert.equal(
          mentions,
          peer.flags.some((f: { targetId: string }) => f.targetId === review.id) ? 1 : 0,
        );
      }
      for (const other of [ben, cai]) {
        for (const trace of [other.id, other.name, other.email]) {
          assert.ok(!text.includes(trace), `${trace} does not appear in Ada's export`);
        }
      }
      for (const theirs of [WRITTEN.peerBen, WRITTEN.peerCai, WRITTEN.benReply, WRITTEN.caiCaseTitle]) {
        assert.ok(!text.includes(theirs), `"${theirs}" is someone else's`);
      }

      // And the other way round: Benedikt's export holds nothing of Ada's.
      const theirs = await exportOf(ben.agent);
      assert.equal(theirs.data.learning.reflections.length, 0);
      assert.equal(theirs.data.certificates.length, 0);
      assert.equal(theirs.data.community.threads.length, 0);
      assert.equal(theirs.data.community.posts[0].body, WRITTEN.benReply);
      assert.deepEqual(
        theirs.data.practiceCases.submissions.map((s: { id: string }) => s.id),
        [benCase],
      );
      assert.equal(theirs.data.practiceCases.reviewing.reviews.length, 0);
      for (const trace of [
        ada.id,
        ada.name,
        WRITTEN.reflection,
        WRITTEN.peerAda,
        WRITTEN.threadBody,
        WRITTEN.caseTitle,
        WRITTEN.reportNote,
        WRITTEN.flagReason,
      ]) {
        assert.ok(!theirs.text.includes(trace), `${trace} does not appear in Benedikt's export`);
      }
      // Benedikt reviewed Ada: his export keeps his review, not whose text it was.
      assert.equal(theirs.data.peerReview.reviewsGiven.length, 1);
      assert.equal(theirs.data.peerReview.reviewsGiven[0].submissionId, undefined);
    });

    test('after deletion the export is gone, private traces are erased and shared ones are anonymous', async (t) => {
      const { app, db, ada, ben, threadId, replyId, adaCase, benCase, caiCase } = await scenario(t, engine);
      const certificate = (await app.services.certificates.forUser(ada.id))[0]!;
      const deleted = await ada.agent.post(
        '/en/account/delete',
        { current: PASSWORD, confirm: 'yes' },
        { from: '/en/account/delete' },
      );
      assert.equal(deleted.statusCode, 303);

      const after = await ada.agent.get('/en/account/export');
      assert.notEqual(after.statusCode, 200, 'no session, no export');
      assert.ok(!after.body.includes(ada.email));

      // Gone: what served only Ada.
      for (const table of [
        'reflections',
        'exercise_attempts',
        'exercise_results',
        'unit_progress',
      ] as const) {
        const rows = await db.selectFrom(table).select('user_id').where('user_id', '=', ada.id).execute();
        assert.equal(rows.length, 0, `${table} is emptied`);
      }
      for (const table of [
        'community_notifications',
        'community_settings',
        'sessions',
        'user_roles',
      ] as const) {
        const rows = await db.selectFrom(table).select('user_id').where('user_id', '=', ada.id).execute();
        assert.equal(rows.length, 0, `${table} is emptied`);
      }
      const attempts = await db.selectFrom('auth_attempts').select('bucket').execute();
      assert.ok(attempts.every((a) => !a.bucket.includes(ada.email)));
      const drafts = await db
        .selectFrom('submissions')
        .select('title')
        .where('owner_id', '=', ada.id)
        .execute();
      assert.deepEqual(
        drafts.map((d) => d.title),
        [WRITTEN.caseTitle],
        'the draft goes; the submitted case stays with the call',
      );
      const profile = await db
        .selectFrom('reviewer_profiles')
        .selectAll()
        .where('user_id', '=', ada.id)
        .executeTakeFirstOrThrow();
      assert.equal(profile.organisation, '');
      assert.equal(profile.region, 'asia-pacific', 'counted in the public figures by region');

      // Kept as bare dates: the enrollment and the certificate, without a name, private.
      const enrollment = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('user_id', '=', ada.id)
        .executeTakeFirstOrThrow();
      assert.ok(enrollment.completed_at);
      assert.equal(enrollment.last_unit_id, null);
      const cert = (await app.services.certificates.find(certificate.id))!;
      assert.equal(cert.display_name, '');
      assert.equal(cert.private, 1);
      assert.equal(cert.credential_jwt, '');
      assert.ok(!cert.credential.includes(ada.name), 'the stored credential no longer names her');
      assert.equal(cert.status_index, certificate.status_index, 'its status index is never reused');
      const verify = await new Agent(app).get(`/en/verify/${certificate.id}`);
      assert.equal(verify.statusCode, 200);
      assert.ok(!verify.body.includes(ada.name));
      assert.equal(
        (await new Agent(app).get(`/certificates/${certificate.id}/credential.json`)).statusCode,
        404,
      );

      // Kept, pointing at a nameless tombstone: posts, votes, reports, reviews given and received.
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', ada.id)
        .executeTakeFirstOrThrow();
      assert.equal(user.name, '');
      assert.doesNotMatch(user.email, /ada/);
      const opening = await db
        .selectFrom('discussion_posts')
        .select('body')
        .where('thread_id', '=', threadId)
        .where('kind', '=', 'opening')
        .executeTakeFirstOrThrow();
      assert.equal(opening.body, WRITTEN.threadBody, "the thread stays for Benedikt's reply");
      const page = await ben.agent.get(`/en/discussions/${threadId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(ada.name), 'her name is not shown');
      assert.match(page.body, /Deleted account/, 'her posts say whose they were: nobody now');
      const vote = await db
        .selectFrom('discussion_votes')
        .select('post_id')
        .where('user_id', '=', ada.id)
        .execute();
      assert.deepEqual(
        vote.map((v) => v.post_id),
        [replyId],
        "the reply's score keeps its vote",
      );
      const caseReview = await db
        .selectFrom('reviews')
        .select('comments_to_authors')
        .where('submission_id', '=', caiCase)
        .executeTakeFirstOrThrow();
      assert.equal(caseReview.comments_to_authors, WRITTEN.reviewComment, 'the decision rests on it');
      const kept = await db
        .selectFrom('submissions')
        .select('id')
        .where('id', 'in', [adaCase, benCase])
        .execute();
      assert.equal(kept.length, 2, 'submitted cases stay with the call');

      // Peer review: her reflection leaves the pool without its text; reviews others gave her stay.
      const reflection = await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('user_id', '=', ada.id)
        .executeTakeFirstOrThrow();
      assert.equal(reflection.text, '');
      assert.ok(reflection.hidden_at);
      const given = await db
        .selectFrom('peer_reviews')
        .select('status')
        .where('reviewer_id', '=', ada.id)
        .execute();
      assert.deepEqual(
        given.map((g) => g.status),
        ['done', 'done'],
        "Benedikt's and Caitlin's grades rest on her reviews",
      );

      // The others' exports are unchanged in shape and still theirs.
      const theirs = await exportOf(ben.agent);
      assert.equal(theirs.data.peerReview.submissions[0].reviewsReceived.length, 2);
      assert.equal(theirs.data.community.posts[0].body, WRITTEN.benReply);
    });
  });
}
