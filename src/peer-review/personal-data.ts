import type { Db } from '../platform/db/database.ts';
import { nowIso } from '../platform/ids.ts';

/**
 * A learner's peer-reviewed reflections with the reviews they received, the reviews they gave and the
 * flags they raised. Peer review is anonymous both ways, in the export too: a received review carries
 * no reviewer id or review id, and a given review does not say whose submission it was.
 */
export async function exportPersonalData(db: Db, userId: string) {
  const submissions = await db
    .selectFrom('peer_submissions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('submitted_at')
    .execute();
  const ids = submissions.map((s) => s.id);
  // Guard against an `in ()` query for someone who submitted nothing. Hidden reviews (removed by staff)
  // are not part of anyone's grade and are left out, as on the results page.
  const received = ids.length
    ? await db
        .selectFrom('peer_reviews')
        .select(['submission_id', 'levels', 'points', 'comment', 'completed_at'])
        .where('submission_id', 'in', ids)
        .where('status', '=', 'done')
        .where('hidden_at', 'is', null)
        .orderBy('completed_at')
        .execute()
    : [];
  const given = await db
    .selectFrom('peer_reviews')
    .select([
      'course_slug',
      'assignment_id',
      'status',
      'assigned_at',
      'completed_at',
      'levels',
      'points',
      'comment',
      'hidden_at',
    ])
    .where('reviewer_id', '=', userId)
    .orderBy('assigned_at')
    .execute();
  const flags = await db
    .selectFrom('peer_flags')
    .select(['target_type', 'target_id', 'course_slug', 'reason', 'created_at', 'resolved_at', 'resolution'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const levels = (json: string | null) => (json ? JSON.parse(json) : null);
  return {
    submissions: submissions.map((s) => ({
      id: s.id,
      course: s.course_slug,
      assignmentId: s.assignment_id,
      text: s.text,
      submittedAt: s.submitted_at,
      hiddenAt: s.hidden_at,
      finalScore: s.final_score,
      finalPoints: s.final_points,
      finalSource: s.final_source,
      finalizedAt: s.finalized_at,
      overrideReason: s.override_reason,
      reviewsReceived: received
        .filter((r) => r.submission_id === s.id)
        .map((r) => ({
          levels: levels(r.levels),
          points: r.points,
          comment: r.comment,
          completedAt: r.completed_at,
        })),
    })),
    reviewsGiven: given.map((r) => ({
      course: r.course_slug,
      assignmentId: r.assignment_id,
      status: r.status,
      assignedAt: r.assigned_at,
      completedAt: r.completed_at,
      levels: levels(r.levels),
      points: r.points,
      comment: r.comment,
      hiddenAt: r.hidden_at,
    })),
    flags: flags.map((f) => ({
      targetType: f.target_type,
      targetId: f.target_id,
      course: f.course_slug,
      reason: f.reason,
      createdAt: f.created_at,
      resolvedAt: f.resolved_at,
      resolution: f.resolution,
    })),
  };
}

/**
 * The person's reflections lose their text and leave the review pool (hidden), so nobody is asked to
 * review a deleted account's work; the rows stay because other learners' completed reviews of them
 * count toward those learners' own part. Unfinished review reservations go. Completed reviews they
 * gave stay, without a name: other learners' grades rest on them. Flags stay as the staff's record.
 */
export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  await trx.updateTable('peer_submissions').set({ text: '' }).where('user_id', '=', userId).execute();
  await trx
    .updateTable('peer_submissions')
    .set({ hidden_at: nowIso() })
    .where('user_id', '=', userId)
    .where('hidden_at', 'is', null)
    .execute();
  await trx
    .deleteFrom('peer_reviews')
    .where('reviewer_id', '=', userId)
    .where('status', '=', 'assigned')
    .execute();
}
