// Loopback load test: the platform's pages beside the same bytes served as a static file in the same
// run (the ceiling for this machine). Not a timed test: it prints figures for bench/RESULTS.md.
//   npm run bench                    all scenarios, 10 s each
//   BENCH_SECONDS=5 npm run bench    shorter
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

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

export function printTable(rows: Row[]) {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | bytes/response | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
      `${connections} connections, ${seconds} s per scenario, loopback.\n`,
  );
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, logger: false, limits: { signIn: { max: 1e9, timeWindow: 60_000 } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  // A signed-in learner, through the service (the session cookie a browser would hold).
  const { identity } = app.services;
  await identity.addUser({
    email: 'bench@example.org',
    name: 'Bench Learner',
    roles: [],
    password: 'bench password 1',
  });
  const signIn = await identity.signIn('bench@example.org', 'bench password 1', 'bench');
  if (!signIn.ok) throw new Error('bench sign-in failed');
  const session = { cookie: `praxis_session=${signIn.token}` };

  // The ceiling: the home page's own bytes, served by @fastify/static from a file.
  const home = await (await fetch(`${base}/en`)).text();
  const staticDir = join(dataDir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'home.html'), home);
  const ceiling = Fastify({ logger: false });
  await ceiling.register(fastifyStatic, { root: staticDir });
  await ceiling.listen({ port: 0, host: '127.0.0.1' });
  const staticBase = `http://127.0.0.1:${(ceiling.server.address() as { port: number }).port}`;

  const rows: Row[] = [];
  rows.push(await load('static file, same bytes as the home page (ceiling)', `${staticBase}/home.html`));
  rows.push(await load('home page /en (visitor)', `${base}/en`));
  rows.push(await load('account page /en/account (signed in)', `${base}/en/account`, session));
  rows.push(await load('health check /healthz', `${base}/healthz`));
  printTable(rows);

  await ceiling.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
