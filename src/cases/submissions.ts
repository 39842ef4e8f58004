import type { Db } from '../platform/db/database.ts';
import type { SubmissionsTable } from '../platform/db/schema.ts';
import { newId, newToken, nowIso } from '../platform/ids.ts';
import { regionOfCountry } from './regions.ts';
import { organisationKey, type SubmissionFields } from './submission-fields.ts';

export interface Submission extends SubmissionFields {
  id: string;
  callId: string;
  ownerId: string;
  status: SubmissionsTable['status'];
  region: string;
  withdrawReason: string | null;
  decision: SubmissionsTable['decision'];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  files: { id: string; filename: string; type: string; size: number; storageKey: string }[];
}

export const MAX_FILES = 5;

function toRow(fields: SubmissionFields) {
  return {
    language: fields.language,
    title: fields.title,
    summary: fields.summary,
    practice_type: fields.practiceType,
    stakeholder_type: fields.stakeholderType,
    organisation: fields.organisation,
    organisation_key: organisationKey(fields.organisation),
    country: fields.country,
    region: regionOfCountry(fields.country) ?? '',
    sector: fields.sector,
    lifecycle_stage: fields.lifecycleStage,
    values: JSON.stringify(fields.values),
    principles: JSON.stringify(fields.principles),
    policy_areas: JSON.stringify(fields.policyAreas),
    what: fields.what,
    how: fields.how,
    results: fields.results,
    challenges: fields.challenges,
    adoption: fields.adoption,
    links: JSON.stringify(fields.links),
    consent_publish: fields.consentPublish ? 1 : 0,
  };
}

/** A signed-in person's relation to a submission: the owner submits; co-authors (by verified email) edit. */
export function isAuthor(
  user: { id: string; email: string; emailVerified: boolean },
  submission: Submission,
): boolean {
  return user.id === submission.ownerId || (user.emailVerified && submission.coauthors.includes(user.email));
}

export function createSubmissionStore(db: Db) {
  async function coauthorsOf(id: string) {
    return (
      await db
        .selectFrom('submission_coauthors')
        .select('email')
        .where('submission_id', '=', id)
        .orderBy('email')
        .execute()
    ).map((r) => r.email);
  }

  return {
    async get(id: string): Promise<Submission | null> {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
      const row = await db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const files = await db
        .selectFrom('submission_files')
        .select(['id', 'filename', 'type', 'size', 'storage_key'])
        .where('submission_id', '=', id)
        .orderBy('uploaded_at')
        .execute();
      return {
        id: row.id,
        callId: row.call_id,
        ownerId: row.owner_id,
        status: row.status,
        language: row.language,
        title: row.title,
        summary: row.summary,
        practiceType: row.practice_type,
        stakeholderType: row.stakeholder_type,
        organisation: row.organisation,
        country: row.country,
        region: row.region,
        sector: row.sector,
        lifecycleStage: row.lifecycle_stage,
        values: JSON.parse(row.values),
        principles: JSON.parse(row.principles),
        policyAreas: JSON.parse(row.policy_areas),
        what: row.what,
        how: row.how,
        results: row.results,
        challenges: row.challenges,
        adoption: row.adoption,
        links: JSON.parse(row.links),
        consentPublish: row.consent_publish === 1,
        coauthors: await coauthorsOf(id),
        withdrawReason: row.withdraw_reason,
        decision: row.decision,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        submittedAt: row.submitted_at,
        files: files.map((f) => ({
          id: f.id,
          filename: f.filename,
          type: f.type,
          size: f.size,
          storageKey: f.storage_key,
        })),
      };
    },

    /** Creates a draft with its co-authors in one transaction; returns its unguessable id. */
    async create(callId: string, ownerId: string, fields: SubmissionFields): Promise<string> {
      const id = newToken().slice(0, 22);
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('submissions')
          .values({
            id,
            call_id: callId,
            owner_id: ownerId,
            status: 'draft',
            ...toRow(fields),
            withdraw_reason: null,
            decision: null,
            decided_at: null,
            created_at: now,
            updated_at: now,
            submitted_at: null,
          })
          .execute();
        if (fields.coauthors.length) {
          await trx
            .insertInto('submission_coauthors')
            .values(fields.coauthors.map((email) => ({ submission_id: id, email, invited_at: now })))
            .execute();
        }
      });
      return id;
    },

    /** Saves the fields and the co-author list together; returns the co-authors newly added (to invite). */
    async update(id: string, fields: SubmissionFields): Promise<string[]> {
      const now = nowIso();
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('submissions')
          .set({ ...toRow(fields), updated_at: now })
          .where('id', '=', id)
          .execute();
        const before = (
          await trx
            .selectFrom('submission_coauthors')
            .select('email')
            .where('submission_id', '=', id)
            .execute()
        ).map((r) => r.email);
        const removed = before.filter((e) => !fields.coauthors.includes(e));
        const added = fields.coauthors.filter((e) => !before.includes(e));
        if (removed.length)
          await trx
            .deleteFrom('submission_coauthors')
            .where('submission_id', '=', id)
            .where('email', 'in', removed)
            .execute();
        if (added.length) {
          await trx
            .insertInto('submission_coauthors')
            .values(added.map((email) => ({ submission_id: id, email, invited_at: now })))
            .execute();
        }
        return added;
      });
    },

    async submit(id: string): Promise<void> {
      const now = nowIso();
      await db
        .updateTable('submissions')
        .set({ status: 'submitted', submitted_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .execute();
    },

    async withdraw(id: string, reason: string): Promise<void> {
      await db
        .updateTable('submissions')
        .set({ status: 'withdrawn', withdraw_reason: reason, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    async addFile(
      id: string,
      file: { storageKey: string; filename: string; type: string; size: number },
    ): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const { n } = await trx
          .selectFrom('submission_files')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('submission_id', '=', id)
          .executeTakeFirstOrThrow();
        if (Number(n) >= MAX_FILES) return false;
        await trx
          .insertInto('submission_files')
          .values({
            id: newId(),
            submission_id: id,
            storage_key: file.storageKey,
            filename: file.filename,
            type: file.type,
            size: file.size,
            uploaded_at: nowIso(),
          })
          .execute();
        return true;
      });
    },

    async removeFile(id: string, fileId: string): Promise<void> {
      await db
        .deleteFrom('submission_files')
        .where('submission_id', '=', id)
        .where('id', '=', fileId)
        .execute();
    },

    /** Submissions a person owns or co-authors (by verified email), newest first. */
    async forAuthor(user: { id: string; email: string; emailVerified: boolean }) {
      let q = db
        .selectFrom('submissions')
        .innerJoin('calls', 'calls.id', 'submissions.call_id')
        .select([
          'submissions.id',
          'submissions.title',
          'submissions.status',
          'submissions.updated_at',
          'submissions.decision',
          'calls.slug as callSlug',
          'calls.title as callTitle',
          'calls.decisions_released_at as released',
        ]);
      q = q.where((eb) =>
        user.emailVerified
          ? eb.or([
              eb('submissions.owner_id', '=', user.id),
              eb(
                'submissions.id',
                'in',
                eb.selectFrom('submission_coauthors').select('submission_id').where('email', '=', user.email),
              ),
            ])
          : eb('submissions.owner_id', '=', user.id),
      );
      return q.orderBy('submissions.updated_at', 'desc').execute();
    },
  };
}

export type SubmissionStore = ReturnType<typeof createSubmissionStore>;
