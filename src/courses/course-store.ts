import { createHash } from 'node:crypto';
import type { Db } from '../platform/db/database.ts';
import type { CourseVersionsTable } from '../platform/db/schema.ts';
import { newId, nowIso } from '../platform/ids.ts';
import type { CoursePackage } from './package/types.ts';

/** JSON with object keys sorted, so equal packages hash equally whatever order their files were read in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(pkg: CoursePackage): string {
  return createHash('sha256').update(canonical(pkg)).digest('hex');
}

export interface CourseVersion {
  id: string;
  slug: string;
  number: number;
  publishedAt: string | null;
  pkg: CoursePackage;
}

/** The columns a CourseVersion is built from. */
const VERSION_COLUMNS = [
  'course_versions.id',
  'course_versions.course_slug',
  'course_versions.number',
  'course_versions.published_at',
] as const;
type VersionRow = Pick<CourseVersionsTable, 'id' | 'course_slug' | 'number' | 'published_at'>;

export type ImportResult = { status: 'created' | 'unchanged'; version: number; published: boolean };

/**
 * Course versions in the database. Versions are immutable, so a parsed package is cached per version
 * id for the life of the process: every node can cache safely.
 */
export function createCourseStore(db: Db) {
  const cache = new Map<string, CoursePackage>();

  /**
   * Builds versions from their metadata rows. The package column (megabytes for a full course) is read
   * only for versions not yet in the cache: pages ask for the published course on every request.
   */
  async function toVersions(rows: VersionRow[]): Promise<CourseVersion[]> {
    const missing = rows.filter((r) => !cache.has(r.id)).map((r) => r.id);
    if (missing.length) {
      const packages = await db
        .selectFrom('course_versions')
        .select(['id', 'package'])
        .where('id', 'in', missing)
        .execute();
      for (const p of packages) cache.set(p.id, JSON.parse(p.package) as CoursePackage);
    }
    return rows.map((row) => ({
      id: row.id,
      slug: row.course_slug,
      number: row.number,
      publishedAt: row.published_at,
      pkg: cache.get(row.id)!,
    }));
  }

  return {
    /**
     * Imports a checked package in one transaction: a new version when the content changed, nothing
     * when it did not. `publish` makes the imported (or unchanged) version the published one.
     */
    async importPackage(pkg: CoursePackage, { publish = false } = {}): Promise<ImportResult> {
      const hash = contentHash(pkg);
      const now = nowIso();
      return db.transaction().execute(async (trx) => {
        const course = await trx
          .selectFrom('courses')
          .selectAll()
          .where('slug', '=', pkg.slug)
          .executeTakeFirst();
        if (!course) {
          await trx
            .insertInto('courses')
            .values({ slug: pkg.slug, published_version_id: null, created_at: now, updated_at: now })
            .execute();
        }
        const existing = await trx
          .selectFrom('course_versions')
          .select(['id', 'number'])
          .where('course_slug', '=', pkg.slug)
          .where('content_hash', '=', hash)
          .executeTakeFirst();
        let id = existing?.id;
        let number = existing?.number;
        if (!id) {
          const last = await trx
            .selectFrom('course_versions')
            .select((eb) => eb.fn.max('number').as('n'))
            .where('course_slug', '=', pkg.slug)
            .executeTakeFirst();
          id = newId();
          number = Number(last?.n ?? 0) + 1;
          await trx
            .insertInto('course_versions')
            .values({
              id,
              course_slug: pkg.slug,
              number,
              content_hash: hash,
              package: JSON.stringify(pkg),
              imported_at: now,
              published_at: null,
            })
            .execute();
        }
        if (publish) {
          await trx
            .updateTable('course_versions')
            .set({ published_at: now })
            .where('id', '=', id)
            .where('published_at', 'is', null)
            .execute();
          await trx
            .updateTable('courses')
            .set({ published_version_id: id, updated_at: now })
            .where('slug', '=', pkg.slug)
            .execute();
        }
        return { status: existing ? 'unchanged' : 'created', version: number!, published: publish };
      });
    },

    async publish(slug: string, number: number): Promise<boolean> {
      const version = await db
        .selectFrom('course_versions')
        .select('id')
        .where('course_slug', '=', slug)
        .where('number', '=', number)
        .executeTakeFirst();
      if (!version) return false;
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('course_versions')
          .set({ published_at: now })
          .where('id', '=', version.id)
          .where('published_at', 'is', null)
          .execute();
        await trx
          .updateTable('courses')
          .set({ published_version_id: version.id, updated_at: now })
          .where('slug', '=', slug)
          .execute();
      });
      return true;
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('courses')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The published version of every course that has one. */
    async published(): Promise<CourseVersion[]> {
      const rows = await db
        .selectFrom('courses')
        .innerJoin('course_versions', 'course_versions.id', 'courses.published_version_id')
        .select(VERSION_COLUMNS)
        .orderBy('courses.created_at')
        .execute();
      return toVersions(rows);
    },

    /** One version of a course: the published one, or the numbered one (authors' preview). */
    async version(slug: string, number?: number): Promise<CourseVersion | null> {
      let query = db
        .selectFrom('course_versions')
        .select(VERSION_COLUMNS)
        .where('course_versions.course_slug', '=', slug);
      query =
        number === undefined
          ? query.innerJoin('courses', 'courses.published_version_id', 'course_versions.id')
          : query.where('course_versions.number', '=', number);
      const row = await query.executeTakeFirst();
      return row ? ((await toVersions([row]))[0] ?? null) : null;
    },

    /** Every course with its versions, for the administrators' page. */
    async all() {
      const rows = await db
        .selectFrom('course_versions')
        .innerJoin('courses', 'courses.slug', 'course_versions.course_slug')
        .select([
          'course_versions.id',
          'course_versions.course_slug',
          'course_versions.number',
          'course_versions.imported_at',
          'course_versions.published_at',
          'courses.published_version_id',
        ])
        .orderBy('course_versions.course_slug')
        .orderBy('course_versions.number', 'desc')
        .execute();
      return rows.map((r) => ({
        slug: r.course_slug,
        number: r.number,
        importedAt: r.imported_at,
        publishedAt: r.published_at,
        current: r.published_version_id === r.id,
      }));
    },

    async versions(slug: string) {
      return db
        .selectFrom('course_versions')
        .select(['number', 'imported_at', 'published_at', 'content_hash'])
        .where('course_slug', '=', slug)
        .orderBy('number', 'desc')
        .execute();
    },
  };
}

export type CourseStore = ReturnType<typeof createCourseStore>;
