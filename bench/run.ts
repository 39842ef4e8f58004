// The platform's main pages under load, each beside nginx serving the very same bytes from a file in the
// same run (the ceiling of this machine). The app runs as `npm start` runs it: the compiled bundle, with
// WORKERS processes (default: one per core). Not a timed test: it prints figures for bench/RESULTS.md.
//   npm run bench                                   fresh embedded SQLite, 10 s a scenario, 64 connections
//   BENCH_SECONDS=5 npm run bench                   shorter
//   BENCH_DATA_DIR=bench/.data npm run bench        a database seeded by `npm run bench:seed` (1 M learners)
//   BENCH_DATABASE_URL=postgres://… npm run bench   PostgreSQL (the database is emptied first)
//   BENCH_WORKERS=1 BENCH_PROFILE=bench/.prof npm run bench   one worker with --cpu-prof, for a profile
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';
import { seedDemo } from '../src/demo.ts';
import { ROOT } from '../src/platform/paths.ts';
import { freePort, load, nginxCeiling, type Pair, printPairs, stopChild, waitForHttp } from './harness.ts';
import { seedThread } from './seed-thread.ts';

const COURSE = 'ethics-of-ai-in-practice';
const UNIT = 'fairness-definitions-and-conflicts';

interface Fixture {
  cookie: string;
  exerciseId: string;
  option: string;
  threadId: string;
  caseId: string;
}

/** Fills the database in process (courses, demo data, a learner, a thread of 20 replies), then closes. */
async function prepare(env: Record<string, string>): Promise<Fixture> {
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const app = await buildApp({
    config,
    logger: false,
    jobs: 'off',
    community: { newAccountMs: 0, posting: { windowMs: 60_000, max: 1e9, maxNew: 1e9 } },
  });
  try {
    const { identity, learning, community, courses, library } = app.services;
    await importBundledCourses(courses, { info() {}, error() {} });
    if (!(await identity.findByEmail('admin@demo.praxis.example'))) await seedDemo(app);
    const people: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = `bench-${i}-${Date.now()}@example.org`;
      const { id } = await identity.addUser({
        email,
        name: `Bench ${i}`,
        roles: [],
        password: 'bench pass 1',
      });
      await learning.enroll(id, COURSE);
      people.push(id);
    }
    const threadId = await seedThread(community, { course: COURSE, unit: UNIT }, people, 20);
    const email = `bench-learner-${Date.now()}@example.org`;
    const { id } = await identity.addUser({
      email,
      name: 'Bench Learner',
      roles: [],
      password: 'bench pass 1',
    });
    await learning.enroll(id, COURSE);
    const signIn = await identity.signIn(email, 'bench pass 1', 'bench');
    if (!signIn.ok) throw new Error('bench: sign-in failed');
    const course = await courses.version(COURSE);
    const unit = course?.pkg.modules.flatMap((m) => m.units).find((u) => u.id === UNIT);
    const exercise = unit?.exercises.find((e) => e.type === 'single' && e.attempts === 0);
    if (!exercise) throw new Error('bench: no single-choice exercise with unlimited attempts');
    const published = await library.search({}, { limit: 1 });
    const caseId = published.cases[0]?.id;
    if (!caseId) throw new Error('bench: the demo published no case');
    return {
      cookie: `praxis_session=${signIn.token}`,
      exerciseId: exercise.id,
      option: exercise.options?.[0]?.id ?? 'a',
      threadId,
      caseId,
    };
  } finally {
    await app.close();
  }
}

async function main() {
  const seeded = process.env.BENCH_DATA_DIR;
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const dataDir = seeded ?? mkdtempSync(join(tmpdir(), 'praxis-bench-'));
  const port = await freePort();
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, logger: false, jobs: 'off' });
    await sql`drop schema public cascade; create schema public`.execute(app.services.database.db);
    await app.close();
  }
  const fixture = await prepare(env);

  execFileSync(process.execPath, [join(ROOT, 'scripts/build.ts'), '--if-stale'], { stdio: 'inherit' });
  const workers = process.env.BENCH_WORKERS ?? String(availableParallelism());
  const profile = process.env.BENCH_PROFILE;
  if (profile) mkdirSync(profile, { recursive: true });
  const server = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), join(ROOT, 'dist/main.js'), 'serve'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, WORKERS: workers, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`);

  const { cookie } = fixture;
  const unitUrl = `${base}/en/courses/${COURSE}/units/${UNIT}`;
  // The CSRF cookie and token a signed-in learner's browser holds after opening the unit.
  const unitResponse = await fetch(unitUrl, { headers: { cookie } });
  const unitPage = await unitResponse.text();
  const csrfCookie = unitResponse.headers
    .getSetCookie()
    .find((c) => c.startsWith('_csrf='))
    ?.split(';')[0];
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(unitPage)?.[1];
  if (!csrfCookie || !csrfToken) throw new Error('bench: no CSRF token on the unit page');
  const learner = { cookie: `${cookie}; ${csrfCookie}` };
  const answerUrl = `${base}/en/courses/${COURSE}/exercises/${fixture.exerciseId}`;
  const answer = {
    method: 'POST' as const,
    headers: { ...learner, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: `_csrf=${encodeURIComponent(csrfToken)}&option=${fixture.option}&submission=bench-{n}`,
  };

  const pages: { name: string; file: string; url: string; headers?: Record<string, string> }[] = [
    { name: 'home /en (visitor)', file: 'home.html', url: `${base}/en` },
    { name: 'catalog /en/courses (visitor)', file: 'catalog.html', url: `${base}/en/courses` },
    {
      name: 'unit page with exercises (signed-in, enrolled)',
      file: 'unit.html',
      url: unitUrl,
      headers: learner,
    },
    {
      name: 'case library, search "ethics" (visitor)',
      file: 'library.html',
      url: `${base}/en/cases?q=ethics`,
    },
    { name: 'case page (visitor)', file: 'case.html', url: `${base}/en/cases/${fixture.caseId}` },
    {
      name: 'thread page, 20 replies (signed-in)',
      file: 'thread.html',
      url: `${base}/en/discussions/${fixture.threadId}`,
      headers: learner,
    },
    {
      name: 'transparency /en/transparency (visitor)',
      file: 'transparency.html',
      url: `${base}/en/transparency`,
    },
  ];
  const files: Record<string, string> = {};
  for (const page of pages) {
    const response = await fetch(page.url, { headers: page.headers ?? {} });
    if (response.status !== 200) throw new Error(`bench: ${page.url} answered ${response.status}`);
    files[page.file] = await response.text();
  }
  const answered = await fetch(answerUrl, { ...answer, body: answer.body.replace('{n}', 'probe') });
  if (answered.status !== 200) throw new Error(`bench: the answer POST answered ${answered.status}`);
  files['answer.json'] = await answered.text();
  const ceiling = await nginxCeiling(files);

  const pairs: Pair[] = [];
  try {
    for (const page of pages) {
      pairs.push({
        page: page.name,
        nginx: load(page.name, `${ceiling.base}/${page.file}`),
        app: load(page.name, page.url, { headers: page.headers ?? {} }),
      });
    }
    pairs.push({
      page: 'exercise answer (POST, graded, written; nginx: GET of the same bytes)',
      nginx: load('answer', `${ceiling.base}/answer.json`),
      app: load('answer', answerUrl, answer),
    });
  } finally {
    await ceiling.stop();
    await stopChild(server);
  }
  printPairs(
    pairs,
    `${databaseUrl ? 'PostgreSQL' : seeded ? `SQLite, ${seeded} (seeded)` : 'fresh embedded SQLite'}; ` +
      `${workers} app worker(s).`,
  );
  if (!seeded) rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
