// Seeds an embedded database with many learners and progress rows, for `npm run bench` at scale:
//   BENCH_LEARNERS=1000000 BENCH_PROGRESS_ROWS=50000000 npm run bench:seed   (defaults shown)
//   BENCH_DATA_DIR=bench/.data npm run bench
// Rows are written straight through node:sqlite in large transactions: it is a fixture, not app traffic.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';

const dataDir = process.env.BENCH_DATA_DIR ?? 'bench/.data';
const learners = Number(process.env.BENCH_LEARNERS ?? 1_000_000);
const progressRows = Number(process.env.BENCH_PROGRESS_ROWS ?? 50_000_000);
const COURSE = 'ethics-of-ai-in-practice';

mkdirSync(dataDir, { recursive: true });
// Migrate and import the course through the app, so the schema is exactly the app's.
const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), logger: false });
await importBundledCourses(app.services.courses, { info() {}, error() {} });
const course = await app.services.courses.version(COURSE);
if (!course) throw new Error('the bundled course did not import');
const unitIds = course.pkg.modules.flatMap((m) => m.units.map((u) => u.id));
await app.close();

const db = new DatabaseSync(join(dataDir, 'praxis.sqlite'));
db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;');
const started = performance.now();
const countries = ['KR', 'GH', 'BR', 'FR', 'IN', 'EG', 'MX', 'KE', 'JP', 'DE'];
const now = new Date().toISOString();
const user = db.prepare(
  "insert into users (id, email, email_verified_at, name, password_hash, country, locale, consent_version, consent_at, created_at, updated_at, last_active_at, deleted_at) values (?, ?, ?, 'Seeded Learner', null, ?, ?, 'seed', ?, ?, ?, ?, null)",
);
const enrollment = db.prepare(
  'insert into enrollments (user_id, course_slug, enrolled_at, last_unit_id, last_visited_at, completed_at) values (?, ?, ?, ?, ?, null)',
);
const progress = db.prepare(
  'insert into unit_progress (user_id, course_slug, unit_id, completed_at) values (?, ?, ?, ?)',
);
const id = (n: number) => `seed${n.toString(36).padStart(8, '0')}`;
const perLearner = Math.ceil(progressRows / learners);
let written = 0;
const BATCH = 10_000;
for (let start = 0; start < learners; start += BATCH) {
  db.exec('begin');
  for (let n = start; n < Math.min(learners, start + BATCH); n++) {
    user.run(
      id(n),
      `seed-${n}@example.invalid`,
      now,
      countries[n % countries.length]!,
      n % 3 ? 'en' : 'ko',
      now,
      now,
      now,
      now,
    );
    enrollment.run(id(n), COURSE, now, unitIds[0]!, now);
    // Each learner completes a run of units; where the units run out, further rows go to other courses'
    // slugs so the table reaches its size with the same shape of keys.
    for (let k = 0; k < perLearner && written < progressRows; k++, written++) {
      const unit = unitIds[k % unitIds.length]!;
      const slug = k < unitIds.length ? COURSE : `seed-course-${Math.floor(k / unitIds.length)}`;
      progress.run(id(n), slug, unit, now);
    }
  }
  db.exec('commit');
  if ((start / BATCH) % 10 === 0) {
    process.stdout.write(
      `\r${start + BATCH} learners, ${written} progress rows, ${Math.round((performance.now() - started) / 1000)} s`,
    );
  }
}
db.exec('analyze');
db.close();
process.stdout.write(
  `\nSeeded ${learners} learners and ${written} progress rows in ${Math.round((performance.now() - started) / 1000)} s into ${dataDir}.\n`,
);
