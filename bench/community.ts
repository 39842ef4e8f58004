// Discussions and the API reference under load: a busy thread page and a unit's discussion list read by a
// signed-in learner, and the OpenAPI document and reference page, each beside the same bytes served as a
// static file. Not a timed test: it prints figures for bench/RESULTS.md.
//   npx tsx bench/community.ts            (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_REPLIES)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { unitTarget } from '../src/community/community.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const replies = Number(process.env.BENCH_REPLIES ?? 60);
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

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-bench-community-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  // Posting limits are for people; the seeding below writes many posts quickly.
  const app = await buildApp({
    config,
    logger: false,
    community: { newAccountMs: 0, posting: { windowMs: 60_000, max: 1e9, maxNew: 1e9 } },
  });
  await importBundledCourses(app.services.courses, { info() {}, error() {} });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const { identity, learning, community } = app.services;

  // Twenty enrolled learners write a thread and its replies, with Markdown in every post.
  const people: string[] = [];
  for (let i = 0; i < 20; i++) {
    const { id } = await identity.addUser({
      email: `bench-${i}@example.org`,
      name: `Bench Learner ${i}`,
      roles: [],
      password: 'bench password 1',
    });
    await learning.enroll(id, COURSE);
    people.push(id);
  }
  const as = (id: string) => ({ id, moderator: false });
  const body = (i: number) =>
    `Reply ${i}: **fairness** has several definitions.\n\n- demographic parity\n- equalised odds\n\nWhich one fits a *hiring* model?`;
  const started = await community.createThread(as(people[0]!), unitTarget(COURSE, UNIT), {
    title: 'Which fairness definition fits hiring?',
    body: body(0),
    language: 'en',
  });
  if (!started.ok) throw new Error('bench: could not start a thread');
  const thread = await community.thread(started.threadId);
  if (!thread) throw new Error('bench: the thread is missing');
  for (let i = 1; i <= replies; i++) {
    const result = await community.reply(as(people[i % people.length]!), thread, {
      body: body(i),
      language: 'en',
    });
    if (!result.ok) throw new Error(`bench: reply ${i} refused`);
  }
  for (let i = 0; i < 10; i++) {
    await community.createThread(as(people[i]!), unitTarget(COURSE, UNIT), {
      title: `Question ${i} about this unit`,
      body: body(i),
      language: i % 2 ? 'ko' : 'en',
    });
  }

  const signIn = await identity.signIn('bench-5@example.org', 'bench password 1', 'bench');
  if (!signIn.ok) throw new Error('bench sign-in failed');
  const cookie = `praxis_session=${signIn.token}`;
  const threadUrl = `${base}/en/discussions/${started.threadId}`;
  const listUrl = `${base}/en/courses/${COURSE}/units/${UNIT}/discussion`;
  const fetchText = async (url: string) => {
    const response = await fetch(url, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status}`);
    return response.text();
  };
  const files = {
    'thread.html': await fetchText(threadUrl),
    'list.html': await fetchText(listUrl),
    'openapi.json': await fetchText(`${base}/api/openapi.json`),
    'docs.html': await fetchText(`${base}/en/api/docs`),
  };
  const staticDir = join(dataDir, 'static');
  mkdirSync(staticDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(staticDir, name), text);
  const ceiling = Fastify({ logger: false });
  await ceiling.register(fastifyStatic, { root: staticDir });
  await ceiling.listen({ port: 0, host: '127.0.0.1' });
  const staticBase = `http://127.0.0.1:${(ceiling.server.address() as { port: number }).port}`;

  const rows: Row[] = [
    await load(`static file, same bytes as the thread page (ceiling)`, `${staticBase}/thread.html`),
    await load(`thread page (opening post + first 20 of ${replies} replies), signed-in learner`, threadUrl, {
      cookie,
    }),
    await load('static file, same bytes as the discussion list (ceiling)', `${staticBase}/list.html`),
    await load('unit discussion list, 11 threads, signed-in learner', listUrl, { cookie }),
    await load('static file, same bytes as /api/openapi.json (ceiling)', `${staticBase}/openapi.json`),
    await load('/api/openapi.json', `${base}/api/openapi.json`),
    await load('static file, same bytes as the API reference (ceiling)', `${staticBase}/docs.html`),
    await load('API reference page /en/api/docs', `${base}/en/api/docs`),
  ];
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | bytes/response | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
      `${connections} connections, ${seconds} s per scenario, loopback, fresh embedded SQLite.\n`,
  );
  await ceiling.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
