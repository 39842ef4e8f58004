// Discussions and the API reference under load: a busy thread page and a unit's discussion list read by a
// signed-in learner, and the OpenAPI document and reference page, each beside the same bytes served as a
// static file. Not a timed test: it prints figures for bench/RESULTS.md.
//   npx tsx bench/community.ts            (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_REPLIES)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { unitTarget } from '../src/community/community.ts';
import { loadConfig } from '../src/config.ts';
import { importBundledCourses } from '../src/courses/bundled.ts';
import { load, nginxCeiling, printTable, type Row } from './harness.ts';
import { replyBody, seedThread } from './seed-thread.ts';

const replies = Number(process.env.BENCH_REPLIES ?? 60);
const COURSE = 'ethics-of-ai-in-practice';
const UNIT = 'fairness-definitions-and-conflicts';

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
  const threadId = await seedThread(community, { course: COURSE, unit: UNIT }, people, replies);
  const as = (id: string) => ({ id, moderator: false });
  for (let i = 0; i < 10; i++) {
    await community.createThread(as(people[i]!), unitTarget(COURSE, UNIT), {
      title: `Question ${i} about this unit`,
      body: replyBody(i),
      language: i % 2 ? 'ko' : 'en',
    });
  }

  const signIn = await identity.signIn('bench-5@example.org', 'bench password 1', 'bench');
  if (!signIn.ok) throw new Error('bench sign-in failed');
  const cookie = `praxis_session=${signIn.token}`;
  const threadUrl = `${base}/en/discussions/${threadId}`;
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
  const ceiling = await nginxCeiling(files);
  const staticBase = ceiling.base;

  const rows: Row[] = [
    await load(`nginx, same bytes as the thread page (ceiling)`, `${staticBase}/thread.html`),
    await load(`thread page (opening post + first 20 of ${replies} replies), signed-in learner`, threadUrl, {
      headers: { cookie },
    }),
    await load('nginx, same bytes as the discussion list (ceiling)', `${staticBase}/list.html`),
    await load('unit discussion list, 11 threads, signed-in learner', listUrl, { headers: { cookie } }),
    await load('nginx, same bytes as /api/openapi.json (ceiling)', `${staticBase}/openapi.json`),
    await load('/api/openapi.json', `${base}/api/openapi.json`),
    await load('nginx, same bytes as the API reference (ceiling)', `${staticBase}/docs.html`),
    await load('API reference page /en/api/docs', `${base}/en/api/docs`),
  ];
  printTable(rows, 'Database: fresh embedded SQLite.');
  await ceiling.stop();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
