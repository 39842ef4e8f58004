// Loopback load test: the platform's pages beside the same bytes served as a static file in the same
// run (the ceiling for this machine). Not a timed test: it prints figures for bench/RESULTS.md.
//   npm run bench                          every scenario on a fresh embedded database, 10 s each
//   BENCH_SECONDS=5 npm run bench          shorter
//   BENCH_DATA_DIR=bench/.data npm run bench   against a database seeded by `npm run bench:seed`
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const COURSE = 'ethics-of-ai-in-practice';
const UNIT = 'fairness-definitions-and-conflicts';

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
}

type Options = Omit<autocannon.Options, 'url' | 'connections' | 'duration'>;

async function load(name: string, url: string, options: Options = {}): Promise<Row> {
  const result = await autocannon({ url, connections, duration: seconds, ...options });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
    errors: result.errors + result.non2xx,
  };
}

function printTable(rows: Row[], note: string) {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | bytes/response | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
      `${connections} connections, ${seconds} s per scenario, loopback. ${note}\n`,
  );
}

/** Serves fixed bytes as static files: the ceiling the dynamic pages are compared with. */
async function staticServer(dir: string, files: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const server = Fastify({ logger: false });
  await server.register(fastifyStatic, { root: dir });
  await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, base: `http://127.0.0.1:${(server.server.address() as { port: number }).port}` };
}

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
