import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../platform/paths.ts';
import type { CourseStore } from './course-store.ts';
import { readPackage } from './package/read-package.ts';

export const BUNDLED_COURSES_DIR = join(ROOT, 'content/courses');

/**
 * On an instance with no course yet, imports and publishes every course under content/courses, so that
 * `npm start` on a fresh checkout shows the flagship course. A package with problems is skipped and
 * reported; it never half-imports.
 */
export async function importBundledCourses(
  courses: CourseStore,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
) {
  if ((await courses.count()) > 0) return;
  for (const entry of readdirSync(BUNDLED_COURSES_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(BUNDLED_COURSES_DIR, entry.name);
    const { pkg, problems } = await readPackage(dir);
    if (!pkg || problems.length) {
      log.error({ dir, problems: problems.slice(0, 20) }, 'bundled course has problems; not imported');
      continue;
    }
    const result = await courses.importPackage(pkg, { publish: true });
    log.info({ course: pkg.slug, version: result.version }, 'bundled course imported');
  }
}
