import type { Db } from '../platform/db/database.ts';

/**
 * A person's practice cases (owned, or co-authored through their verified email) and, for members of
 * the advisory group, their own reviewing: profile, assignments, reviews, conflict declarations and
 * discussion posts. Other reviewers' reviews and names are not theirs and are not included.
 */
export async function exportPersonalData(db: Db, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['email', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const email = user?.email_verified_at ? user.email : null;
  const submissions = await db
    .selectFrom('submissions')
    .innerJoin('calls', 'calls.id', 'submissions.call_id')
    .selectAll('submissions')
    .select(['calls.slug as call_slug', 'calls.decisions_released_at'])
    .where((eb) =>
      email
        ? eb.or([
            eb('submissions.owner_id', '=', userId),
            eb(
              'submissions.id',
              'in',
              eb.selectFrom('submission_coauthors').select('submission_id').where('email', '=', email),
            ),
          ])
        : eb('submissions.owner_id', '=', userId),
    )
    .orderBy('submissions.created_at')
    .execute();
  const ids = submissions.map((s) => s.id);
  // Guard against an `in ()` query for someone without submissions.
  const coauthors = ids.length
    ? await db
        .selectFrom('submission_coauthors')
        .selectAll()
        .where('submission_id', 'in', ids)
        .orderBy('email')
        .execute()
    : [];
  const files = ids.length
    ? await db
        .selectFrom('submission_files')
        .select(['submission_id', 'filename', 'type', 'size', 'uploaded_at'])
        .where('submission_id', 'in', ids)
        .orderBy('uploaded_at')
        .execute()
    : [];

  const profile = await db
    .selectFrom('reviewer_profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const assignments = await db
    .selectFrom('assignments')
    .select(['submission_id', 'assigned_at', 'declined_at', 'decline_reason'])
    .where('reviewer_id', '=', userId)
    .orderBy('assigned_at')
    .execute();
  const reviews = await db
    .selectFrom('reviews')
    .selectAll()
    .where('reviewer_id', '=', userId)
    .orderBy('updated_at')
    .execute();
  // Only their own declarations: a conflict someone else declared or detected about a case they must
  // not see would otherwise reveal that case.
  const conflicts = await db
    .selectFrom('conflicts')
    .select(['submission_id', 'status', 'note', 'created_at'])
    .where('reviewer_id', '=', userId)
    .where('source', '=', 'reviewer')
    .orderBy('created_at')
    .execute();
  const discussion = await db
    .selectFrom('case_discussion')
    .select(['submission_id', 'body', 'created_at'])
    .where('author_id', '=', userId)
    .orderBy('created_at')
    .execute();

  return {
    submissions: submissions.map((s) => ({
      id: s.id,
      call: s.call_slug,
      role: s.owner_id === userId ? 'owner' : 'co-author',
      status: s.status,
      language: s.language,
      title: s.title,
      summary: s.summary,
      practiceType: s.practice_type,
      stakeholderType: s.stakeholder_type,
      organisation: s.organisation,
      country: s.country,
      region: s.region,
      sector: s.sector,
      lifecycleStage: s.lifecycle_stage,
      values: JSON.parse(s.values),
      principles: JSON.parse(s.principles),
      policyAreas: JSON.parse(s.policy_areas),
      what: s.what,
      how: s.how,
      results: s.results,
      challenges: s.challenges,
      adoption: s.adoption,
      links: JSON.parse(s.links),
      consentPublish: s.consent_publish === 1,
      coauthors: coauthors.filter((c) => c.submission_id === s.id).map((c) => c.email),
      files: files
        .filter((f) => f.submission_id === s.id)
        .map((f) => ({ filename: f.filename, type: f.type, size: f.size, uploadedAt: f.uploaded_at })),
      withdrawReason: s.withdraw_reason,
      // Decisions are released to every submitter of a call at once; not before.
      decision: s.decisions_released_at ? s.decision : null,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
      submittedAt: s.submitted_at,
    })),
    reviewing: {
      profile: profile
        ? {
            expertise: JSON.parse(profile.expertise),
            region: profile.region,
            languages: JSON.parse(profile.languages),
            organisation: profile.organisation,
            maxLoad: profile.max_load,
            updatedAt: profile.updated_at,
          }
        : null,
      assignments: assignments.map((a) => ({
        submissionId: a.submission_id,
        assignedAt: a.assigned_at,
        declinedAt: a.declined_at,
        declineReason: a.decline_reason,
      })),
      reviews: reviews.map((r) => ({
        submissionId: r.submission_id,
        scores: JSON.parse(r.scores),
        commentsToAuthors: r.comments_to_authors,
        confidentialComments: r.confidential_comments,
        recommendation: r.recommendation,
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
      })),
      conflictDeclarations: conflicts.map((c) => ({
        submissionId: c.submission_id,
        status: c.status,
        note: c.note,
        declaredAt: c.created_at,
      })),
      discussionPosts: discussion.map((d) => ({
        submissionId: d.submission_id,
        body: d.body,
        createdAt: d.created_at,
      })),
    },
  };
}

/**
 * Drafts nobody else works on go (with their file records; the content-addressed bytes are not
 * reachable from here). Submitted and withdrawn cases stay: reviews, decisions, the public figures
 * and, once selected, the open library under its licence rest on them. A reviewer's reviews,
 * declarations and discussion posts stay for the same reason; their profile keeps only the region the
 * public figures count.
 */
export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  await trx
    .deleteFrom('submissions')
    .where('owner_id', '=', userId)
    .where('status', '=', 'draft')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('submission_coauthors')
            .select('submission_coauthors.submission_id')
            .whereRef('submission_coauthors.submission_id', '=', 'submissions.id'),
        ),
      ),
    )
    .execute();
  await trx
    .updateTable('reviewer_profiles')
    .set({ expertise: '[]', languages: '[]', organisation: '', organisation_key: '' })
    .where('user_id', '=', userId)
    .execute();
}
