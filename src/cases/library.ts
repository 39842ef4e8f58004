import { sql } from 'kysely';
import type { Database } from '../platform/db/database.ts';
import type { PublishedCasesTable } from '../platform/db/schema.ts';
import { newToken, nowIso } from '../platform/ids.ts';
import type { Submission } from './submissions.ts';

export interface PublishedCase {
  id: string;
  callId: string;
  language: string;
  title: string;
  summary: string;
  sections: Record<'what' | 'how' | 'results' | 'challenges' | 'adoption', string> & { links: string[] };
  organisation: string;
  authors: string[];
  practiceType: string;
  stakeholderType: string;
  country: string;
  region: string;
  sector: string;
  principles: string[];
  policyAreas: string[];
  values: string[];
  year: number;
  licence: string;
  publishedAt: string;
}

export interface LibraryFilters {
  q?: string;
  practiceType?: string;
  stakeholderType?: string;
  region?: string;
  country?: string;
  principle?: string;
  policyArea?: string;
  sector?: string;
  year?: number;
}

export const FACETS = ['practiceType', 'stakeholderType', 'region', 'country', 'sector', 'year'] as const;
const COLUMN = {
  practiceType: 'practice_type',
  stakeholderType: 'stakeholder_type',
  region: 'region',
  country: 'country',
  sector: 'sector',
  year: 'year',
} as const;

function toCase(row: PublishedCasesTable): PublishedCase {
  return {
    id: row.id,
    callId: row.call_id,
    language: row.language,
    title: row.title,
    summary: row.summary,
    sections: JSON.parse(row.body),
    organisation: row.organisation,
    authors: JSON.parse(row.authors),
    practiceType: row.practice_type,
    stakeholderType: row.stakeholder_type,
    country: row.country,
    region: row.region,
    sector: row.sector,
    principles: JSON.parse(row.principles),
    policyAreas: JSON.parse(row.policy_areas),
    values: JSON.parse(row.values),
    year: row.year,
    licence: row.licence,
    publishedAt: row.published_at,
  };
}

function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${base || 'case'}-${newToken()
    .slice(0, 6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
}

/** A cursor over (published_at, id), newest first: stable while new cases are published. */
export function encodeCursor(row: { publishedAt: string; id: string }): string {
  return Buffer.from(`${row.publishedAt}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { publishedAt: string; id: string } | null {
  const [publishedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return publishedAt && id && !Number.isNaN(Date.parse(publishedAt)) ? { publishedAt, id } : null;
}

/**
 * The open case library. Full-text search is the one engine-specific part: an FTS5 trigram index on
 * SQLite and a pg_trgm index on PostgreSQL, both of which match Korean and other scripts without word
 * boundaries. Terms shorter than three characters (Korean two-syllable words such as 윤리) fall back to
 * a substring match, which trigram indexes cannot serve.
 */
export function createLibrary({ db, engine }: Database) {
  function filtered(filters: LibraryFilters) {
    let q = db.selectFrom('published_cases');
    for (const facet of ['practiceType', 'stakeholderType', 'region', 'sector', 'country'] as const) {
      const value = filters[facet];
      if (value) q = q.where(COLUMN[facet], '=', value);
    }
    if (filters.year) q = q.where('year', '=', filters.year);
    if (filters.principle)
      q = q.where('principles', 'like', `%"${filters.principle.replace(/[%_"]/g, '')}"%`);
    if (filters.policyArea)
      q = q.where('policy_areas', 'like', `%"${filters.policyArea.replace(/[%_"]/g, '')}"%`);
    const term = filters.q?.trim().toLowerCase();
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      if ([...term].length < 3) {
        q = q.where(sql<boolean>`lower(search_text) like ${like} escape '\\'`);
      } else if (engine === 'sqlite') {
        const phrase = `"${term.replace(/"/g, '""')}"`;
        q = q.where('id', 'in', (eb) =>
          eb.selectFrom('case_search').select('case_id').where(sql<boolean>`case_search match ${phrase}`),
        );
      } else {
        q = q.where(sql<boolean>`search_text ilike ${like}`);
      }
    }
    return q;
  }

  return {
    /** Publishes a selected, consented submission: a snapshot, so later edits do not change the record. */
    async publish(submission: Submission, authors: string[]): Promise<string> {
      const id = slugify(submission.title);
      const now = nowIso();
      const sections = {
        what: submission.what,
        how: submission.how,
        results: submission.results,
        challenges: submission.challenges,
        adoption: submission.adoption,
        links: submission.links,
      };
      const searchText = [
        submission.title,
        submission.summary,
        submission.organisation,
        submission.what,
        submission.how,
        submission.results,
        submission.challenges,
        submission.adoption,
      ]
        .join('\n')
        .toLowerCase();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('published_cases')
          .values({
            id,
            submission_id: submission.id,
            call_id: submission.callId,
            language: submission.language,
            title: submission.title,
            summary: submission.summary,
            body: JSON.stringify(sections),
            organisation: submission.organisation,
            authors: JSON.stringify(authors),
            practice_type: submission.practiceType,
            stakeholder_type: submission.stakeholderType,
            country: submission.country,
            region: submission.region,
            sector: submission.sector,
            principles: JSON.stringify(submission.principles),
            policy_areas: JSON.stringify(submission.policyAreas),
            values: JSON.stringify(submission.values),
            year: new Date(now).getUTCFullYear(),
            licence: 'CC-BY-4.0',
            search_text: searchText,
            published_at: now,
          })
          .execute();
        if (engine === 'sqlite')
          await trx.insertInto('case_search').values({ case_id: id, text: searchText }).execute();
      });
      return id;
    },

    async get(id: string): Promise<PublishedCase | null> {
      const row = await db.selectFrom('published_cases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCase(row) : null;
    },

    /** One page of cases, newest first, after `cursor`. */
    async search(filters: LibraryFilters, { cursor, limit = 20 }: { cursor?: string; limit?: number } = {}) {
      let q = filtered(filters).selectAll();
      const after = cursor ? decodeCursor(cursor) : null;
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('published_at', '<', after.publishedAt),
            eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const cases = rows.slice(0, limit).map(toCase);
      const last = cases.at(-1);
      return { cases, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },

    async count(filters: LibraryFilters): Promise<number> {
      const row = await filtered(filters)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Counts per value of each scalar facet, within the current filters. */
    async facets(
      filters: LibraryFilters,
    ): Promise<Record<(typeof FACETS)[number], { value: string; count: number }[]>> {
      const out = {} as Record<(typeof FACETS)[number], { value: string; count: number }[]>;
      for (const facet of FACETS) {
        const column = COLUMN[facet];
        const rows = await filtered({ ...filters, [facet]: undefined })
          .select([column, (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(column)
          .orderBy(column)
          .execute();
        out[facet] = rows.map((r) => ({
          value: String((r as Record<string, unknown>)[column]),
          count: Number(r.n),
        }));
      }
      return out;
    },
  };
}

export type Library = ReturnType<typeof createLibrary>;
