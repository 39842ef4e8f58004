// What every benchmark shares: the load generator (wrk), the ceiling (nginx serving the same bytes from
// files, in the same run) and the table it prints. Both are Debian packages (`wrk`, `nginx-light`); a
// benchmark that cannot find them says so and stops, it never falls back to a slower ceiling.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export const seconds = Number(process.env.BENCH_SECONDS ?? 10);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const loadBefore = loadavg()[0];

export interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
}

export interface LoadOptions {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** A request body; `{n}` in it is replaced by a number unique to each request (per run). */
  body?: string;
}

function need(tool: string, debianPackage: string): string {
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']) {
    if (existsSync(join(dir, tool))) return join(dir, tool);
  }
  throw new Error(`bench: ${tool} is missing (apt-get install -y ${debianPackage})`);
}

const luaString = (value: string) => JSON.stringify(value);

/** The wrk script: method, headers and body, a unique number per request, and a JSON summary. */
function wrkScript(options: LoadOptions): string {
  const headers = Object.entries(options.headers ?? {})
    .map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`)
    .join('\n');
  const [before, after] = (options.body ?? '').split('{n}');
  return `
wrk.method = ${luaString(options.method ?? 'GET')}
${headers}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local counter = 0
function request()
  ${
    options.body === undefined
      ? 'return wrk.format()'
      : after === undefined
        ? `return wrk.format(nil, nil, nil, ${luaString(before ?? '')})`
        : `counter = counter + 1
  return wrk.format(nil, nil, nil, ${luaString(before ?? '')} .. tid .. "-" .. counter .. ${luaString(after)})`
  }
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n{"requests":%d,"duration":%d,"bytes":%d,"p50":%d,"p99":%d,"errors":%d,"status":%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;
}

let scriptCount = 0;
/** Loads one URL for `seconds` with `connections` (wrk, 2 threads) and summarises it as a row. */
export function load(name: string, url: string, options: LoadOptions = {}): Row {
  const wrk = need('wrk', 'wrk');
  const script = join(scratch(), `wrk-${++scriptCount}.lua`);
  writeFileSync(script, wrkScript(options));
  const output = execFileSync(
    wrk,
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = output.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`bench: wrk printed no summary:\n${output}`);
  const s = JSON.parse(line) as Record<string, number>;
  const requests = s.requests ?? 0;
  return {
    name,
    rps: Math.round(requests / ((s.duration ?? 1) / 1e6)),
    p50: Math.round((s.p50 ?? 0) / 100) / 10,
    p99: Math.round((s.p99 ?? 0) / 100) / 10,
    bytes: Math.round((s.bytes ?? 0) / Math.max(1, requests)),
    errors: (s.errors ?? 0) + (s.status ?? 0),
  };
}

let scratchDir: string | undefined;
function scratch(): string {
  scratchDir ??= join(process.env.BENCH_SCRATCH ?? '/tmp', `praxis-bench-${process.pid}`);
  mkdirSync(scratchDir, { recursive: true });
  return scratchDir;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForHttp(url: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`bench: ${url} did not answer within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Ceiling {
  base: string;
  stop(): Promise<void>;
}

/**
 * Serves fixed bytes as static files with nginx (2 workers, its own config on a loopback port): what
 * this machine can deliver for a response of that size at all, the ceiling each page is compared with.
 */
export async function nginxCeiling(files: Record<string, string>): Promise<Ceiling> {
  const nginx = need('nginx', 'nginx-light');
  const dir = join(scratch(), 'nginx');
  const www = join(dir, 'www');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  mkdirSync(www, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(www, name), body);
  // nginx's workers drop privileges; they must be able to read what they serve.
  for (const path of [scratch(), dir, www, ...Object.keys(files).map((f) => join(www, f))]) {
    chmodSync(path, path.endsWith('.html') || path.endsWith('.json') ? 0o644 : 0o755);
  }
  const port = await freePort();
  const tmp = join(dir, 'tmp');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 2;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  types { text/html html; application/json json; text/csv csv; }
  server { listen 127.0.0.1:${port}; root ${www}; }
}
`,
  );
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/${Object.keys(files)[0]}`, 10_000);
  return { base, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}

/** The machine and settings, for RESULTS.md. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'CPU';
  const one = loadBefore;
  let os = '';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {}
  return (
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${os}, ` +
    `Node ${process.versions.node}; load average ${one?.toFixed(1)} before the run; wrk 2 threads, ` +
    `${connections} connections, ${seconds} s per scenario, loopback; nginx 2 workers.`
  );
}

export function printTable(rows: Row[], note: string): void {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | bytes/response | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n${machine()} ${note}\n`);
}

export interface Pair {
  page: string;
  app: Row;
  nginx: Row;
}

/** One row per page: the app beside nginx serving its bytes, and the ratio between them. */
export function printPairs(pairs: Pair[], note: string): void {
  const lines = [
    '| page | app req/s | app p50 ms | app p99 ms | nginx req/s | nginx p99 ms | app ÷ nginx | bytes | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...pairs.map(
      ({ page, app, nginx }) =>
        `| ${page} | ${app.rps} | ${app.p50} | ${app.p99} | ${nginx.rps} | ${nginx.p99} | ` +
        `${((100 * app.rps) / Math.max(1, nginx.rps)).toFixed(1)} % | ${app.bytes} | ${app.errors} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n${machine()} ${note}\n`);
}
