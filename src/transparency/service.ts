import type { CourseStore } from '../courses/course-store.ts';
import { pick } from '../courses/localize.ts';
import type { Database } from '../platform/db/database.ts';
import type { Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import { newId, nowIso } from '../platform/ids.ts';
import { buildFigures, type Figures } from './figures.ts';
import { type MonthlyRow, type RollupResult, readRollup, runRollup, type SnapshotRaw } from './rollup.ts';

/** The editorial sections of the yearly accountability report, in the order they are shown. */
export const REPORT_SECTIONS = ['accessibility', 'privacy', 'content-review', 'reviewer-diversity'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const SECTION_MAX = 20_000;

/** How long a node reuses the roll-up it read: other nodes may have refreshed it meanwhile. */
const CACHE_MS = 30_000;

export interface TransparencyDeps {
  database: Database;
  courses: CourseStore;
}

export function createTransparencyService({ database, courses }: TransparencyDeps) {
  const { db, engine } = database;
  let chain: Promise<unknown> = Promise.resolve();
  let cached:
    | { at: number; snapshot: SnapshotRaw | null; monthly: MonthlyRow[]; built: Map<string, Figures> }
    | undefined;

  /** Runs after any roll-up in flight (never two at once in a process), then drops the read cache. */
  function rollup(options: { full?: boolean } = {}): Promise<RollupResult> {
    const run = chain.then(() => runRollup(db, engine, options));
    chain = run.catch(() => undefined);
    return run.finally(() => {
      cached = undefined;
    });
  }

  async function raw() {
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      const { snapshot, monthly } = await readRollup(db);
      cached = { at: Date.now(), snapshot, monthly, built: new Map() };
    }
    return cached;
  }

  return {
    rollup,

    /** The published (suppressed) figures in one language. */
    async figures(locale: Locale, now = new Date()): Promise<Figures> {
      const read = await raw();
      const { snapshot, monthly } = read;
      const currentMonth = now.toISOString().slice(0, 7);
      // Built once per language per roll-up read: the page, downloads and API then cost no counting.
      const key = `${locale}/${currentMonth}`;
      const known = read.built.get(key);
      if (known) return known;
      const published = new Map((await courses.published()).map((c) => [c.slug, c]));
      const figures = buildFigures({
        snapshot,
        monthly,
        locale,
        t: translator(locale),
        currentMonth,
        courseTitle: (slug) => {
          const course = published.get(slug);
          return course ? pick(course.pkg.title, locale) : slug;
        },
      });
      read.built.set(key, figures);
      return figures;
    },

    /** The report's editorial sections for a year and language (Markdown; absent ones are ''). */
    async sections(year: number, locale: string): Promise<Record<ReportSection, string>> {
      const rows = await db
        .selectFrom('transparency_report_sections')
        .select(['section', 'body'])
        .where('year', '=', year)
        .where('locale', '=', locale)
        .execute();
      const out = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, ''])) as Record<ReportSection, string>;
      for (const row of rows) if (row.section in out) out[row.section as ReportSection] = row.body;
      return out;
    },

    /** Saves a year's sections in one language, and records who changed what in the audit log. */
    async saveSections(
      year: number,
      locale: string,
      sections: Record<ReportSection, string>,
      actorId: string | null,
    ): Promise<void> {
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('transparency_report_sections')
          .where('year', '=', year)
          .where('locale', '=', locale)
          .execute();
        const rows = REPORT_SECTIONS.filter((s) => sections[s].trim()).map((section) => ({
          year,
          locale,
          section,
          body: sections[section],
          updated_at: now,
          updated_by: actorId,
        }));
        if (rows.length) await trx.insertInto('transparency_report_sections').values(rows).execute();
        await trx
          .insertInto('audit_log')
          .values({
            id: newId(),
            actor_id: actorId,
            action: 'transparency.report.update',
            target_type: 'transparency-report',
            target_id: `${year}/${locale}`,
            detail: JSON.stringify({ sections: rows.map((r) => r.section) }),
            created_at: now,
          })
          .execute();
      });
    },
  };
}

export type TransparencyService = ReturnType<typeof createTransparencyService>;
