// Loopback load test: the platform's pages beside the same bytes served as a static file in the same
// run (the ceiling for this machine). Not a timed test: it prints figures for bench/RESULTS.md.
//   npm run bench                          every scenario on a fresh embedded database, 10 s each
//   BENCH_SECONDS=5 npm run bench          shorter
//   BENCH_DATA_DIR=bench/.data npm run bench   against a database seeded by `npm run bench:seed`
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';
import { load, printTable, type Row, staticServer } from './harness.ts';

const COURSE = 'ethics-of-ai-in-practice';
const UNIT = 'fairness-definitions-and-conflicts';

async function main() {
  const seeded = process.env.BENCH_DATA_DIR;
  const dataDir = seeded ?? mkdtempSync(join(tmpdir(), 'praxis-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, logger: false, limits: { signIn: { max: 1e9, timeWindow: 60_000 } } });
  await importBundledCourses(app.services.courses, { info() {}, error() {} });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  // A signed-in, enrolled learner, with the cookies and CSRF token their browser would hold.
  const { identity, learning } = app.services;
  const email = `bench-${randomUUID().slice(0, 8)}@example.org`;
  const { id } = await identity.addUser({
    email,
    name: 'Bench Learner',
    roles: [],
    password: 'bench password 1',
  });
  await learning.enroll(id, COURSE);
  const signIn = await identity.signIn(email, 'bench password 1', 'bench');
  if (!signIn.ok) throw new Error('bench sign-in failed');
  const unitUrl = `${base}/en/courses/${COURSE}/units/${UNIT}`;
  const unitResponse = await fetch(unitUrl, { headers: { cookie: `praxis_session=${signIn.token}` } });
  const unitPage = await unitResponse.text();
  const csrfCookie = unitResponse.headers
    .getSetCookie()
    .find((c) => c.startsWith('_csrf='))
    ?.split(';')[0];
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(unitPage)?.[1];
  const course = await app.services.courses.version(COURSE);
  const unit = course?.pkg.modules.flatMap((m) => m.units).find((u) => u.id === UNIT);
  const exercise = unit?.exercises.find((e) => e.type === 'single' && e.attempts === 0);
  if (!csrfCookie || !csrfToken || !exercise)
    throw new Error('bench: no single-choice exercise or CSRF token on the unit page');
  const exerciseId = exercise.id;
  const cookie = `praxis_session=${signIn.token}; ${csrfCookie}`;
  const firstOption = exercise.options?.[0]?.id ?? 'a';

  const home = await (await fetch(`${base}/en`)).text();
  const ceiling = await staticServer(join(dataDir, 'bench-static'), {
    'home.html': home,
    'unit.html': unitPage,
  });

  const rows: Row[] = [];
  rows.push(await load('static file, same bytes as the home page (ceiling)', `${ceiling.base}/home.html`));
  rows.push(await load('home page /en (visitor)', `${base}/en`));
  rows.push(await load('static file, same bytes as the unit page (ceiling)', `${ceiling.base}/unit.html`));
  rows.push(await load('unit page, signed-in enrolled learner', unitUrl, { headers: { cookie } }));
  rows.push(await load('account page (signed in)', `${base}/en/account`, { headers: { cookie } }));
  rows.push(
    await load(
      'exercise answer (POST, graded, written)',
      `${base}/en/courses/${COURSE}/exercises/${exerciseId}`,
      {
        method: 'POST',
        headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        requests: [
          {
            // A fresh submission key per request: each is a real new attempt, not a deduplicated repeat.
            setupRequest: (request) => ({
              ...request,
              body: `_csrf=${encodeURIComponent(csrfToken)}&option=${firstOption}&submission=${randomUUID()}`,
            }),
          },
        ],
      },
    ),
  );
  rows.push(await load('health check /healthz', `${base}/healthz`));
  printTable(rows, seeded ? `Database: ${seeded} (seeded).` : 'Database: fresh embedded SQLite.');

  await ceiling.server.close();
  await app.close();
  if (!seeded) rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
