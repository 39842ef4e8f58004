import taxonomy from '../courses/package/taxonomy.json' with { type: 'json' };
import type { Db } from '../platform/db/database.ts';
import type { CallsTable } from '../platform/db/schema.ts';
import { newId, nowIso } from '../platform/ids.ts';
import { type Localized, parseLocalized } from './localized.ts';

export const PRACTICE_TYPES = taxonomy.practiceCall.practiceTypes.map((t) => t.slug);
export const STAKEHOLDER_TYPES = taxonomy.practiceCall.stakeholderTypes.map((t) => t.slug);
export const PHASES = ['draft', 'open', 'review', 'decision', 'published'] as const;
export type Phase = (typeof PHASES)[number];

export interface Criterion {
  id: string;
  label: Localized;
  /** Scores run from 1 to `scale`. */
  scale: number;
  weight: number;
  required: boolean;
}

export interface FaqEntry {
  question: string;
  answer: string;
}

export interface Call {
  id: string;
  slug: string;
  title: Localized;
  description: Localized;
  guidance: Localized;
  faq: Record<string, FaqEntry[]>;
  opensAt: string;
  closesAt: string;
  timeZone: string;
  practiceTypes: string[];
  stakeholderTypes: string[];
  languages: string[];
  rubric: Criterion[];
  reviewersPerCase: number;
  blindMode: 'single' | 'double';
  summaryWordLimit: number;
  phase: Phase;
  decisionsReleasedAt: string | null;
}

export type CallInput = Omit<Call, 'id' | 'phase' | 'decisionsReleasedAt'>;

function toCall(row: CallsTable): Call {
  return {
    id: row.id,
    slug: row.slug,
    title: parseLocalized(row.title),
    description: parseLocalized(row.description),
    guidance: parseLocalized(row.guidance),
    faq: JSON.parse(row.faq) as Record<string, FaqEntry[]>,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    timeZone: row.time_zone,
    practiceTypes: JSON.parse(row.practice_types) as string[],
    stakeholderTypes: JSON.parse(row.stakeholder_types) as string[],
    languages: JSON.parse(row.languages) as string[],
    rubric: JSON.parse(row.rubric) as Criterion[],
    reviewersPerCase: row.reviewers_per_case,
    blindMode: row.blind_mode,
    summaryWordLimit: row.summary_word_limit,
    phase: row.phase,
    decisionsReleasedAt: row.decisions_released_at,
  };
}

function toRow(input: CallInput) {
  return {
    slug: input.slug,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description),
    guidance: JSON.stringify(input.guidance),
    faq: JSON.stringify(input.faq),
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    time_zone: input.timeZone,
    practice_types: JSON.stringify(input.practiceTypes),
    stakeholder_types: JSON.stringify(input.stakeholderTypes),
    languages: JSON.stringify(input.languages),
    rubric: JSON.stringify(input.rubric),
    reviewers_per_case: input.reviewersPerCase,
    blind_mode: input.blindMode,
    summary_word_limit: input.summaryWordLimit,
  };
}

/** Submissions are accepted while the call is in its open phase and inside its dates. */
export function acceptsSubmissions(call: Call, now = new Date()): boolean {
  return call.phase === 'open' && now >= new Date(call.opensAt) && now < new Date(call.closesAt);
}

/**
 * Reviews are written and changed only until the call moves past its review phase: once admins are
 * deciding, or decisions are out, the reviews they rest on stay as they were.
 */
export function acceptsReviews(call: Pick<Call, 'phase' | 'decisionsReleasedAt'>): boolean {
  return PHASES.indexOf(call.phase) <= PHASES.indexOf('review') && call.decisionsReleasedAt === null;
}

/** Phases only move forward, one step at a time: a call's history reads the same for everyone. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function createCallStore(db: Db) {
  return {
    async create(input: CallInput): Promise<Call> {
      const now = nowIso();
      const id = newId();
      await db
        .insertInto('calls')
        .values({
          id,
          ...toRow(input),
          phase: 'draft',
          decisions_released_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return (await this.byId(id))!;
    },

    async update(id: string, input: CallInput): Promise<void> {
      await db
        .updateTable('calls')
        .set({ ...toRow(input), updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    async slugTaken(slug: string, exceptId?: string): Promise<boolean> {
      let q = db.selectFrom('calls').select('id').where('slug', '=', slug);
      if (exceptId) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async byId(id: string): Promise<Call | null> {
      const row = await db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCall(row) : null;
    },

    async bySlug(slug: string): Promise<Call | null> {
      const row = await db.selectFrom('calls').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toCall(row) : null;
    },

    /** Calls the public can see (everything past draft), newest first; admins also see drafts. */
    async list({ includeDrafts = false } = {}): Promise<Call[]> {
      let q = db.selectFrom('calls').selectAll().orderBy('opens_at', 'desc');
      if (!includeDrafts) q = q.where('phase', '!=', 'draft');
      return (await q.execute()).map(toCall);
    },

    /** Moves a call one phase on; false when the call is already in `to` or `to` is not the next phase. */
    async advance(id: string, to: Phase): Promise<boolean> {
      const call = await this.byId(id);
      if (!call || nextPhase(call.phase) !== to) return false;
      const result = await db
        .updateTable('calls')
        .set({ phase: to, updated_at: nowIso() })
        .where('id', '=', id)
        .where('phase', '=', call.phase)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
