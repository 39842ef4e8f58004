import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves when `count` log lines match `pattern` (rejects after `ms`). */
function waitForLines(child: ChildProcess, lines: string[], pattern: RegExp, count: number, ms = 60_000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out:\n${lines.join('\n')}`)), ms);
    const check = () => {
      if (lines.filter((line) => pattern.test(line)).length >= count) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    check();
  });
}

test('WORKERS=2 serves from two processes; both run the job queue, and a recurring job runs once', async (t) => {
  // The compiled bundle, as `npm start` runs it (rebuilt here only when a source is newer).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.ts'), '--if-stale'], { cwd: ROOT });
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-serve-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/main.js'), 'serve'], {
    cwd: ROOT,
    // Not a test process itself: without NODE_TEST_CONTEXT its output is plain logs, not test reports.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT')),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      WORKERS: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  await waitForLines(child, lines, /Praxis is ready/, 2, 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\nstderr:\n${errors}`);
  });
  const pids = new Set<number>();
  for (let i = 0; i < 20; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
    assert.equal(response.status, 200);
  }
  // The bundle finds its messages, stylesheets and the bundled course from dist/.
  const catalog = await fetch(`http://127.0.0.1:${port}/ko/courses`, { headers: { connection: 'close' } });
  assert.equal(catalog.status, 200);
  assert.match(await catalog.text(), /실천하는 인공지능 윤리/);
  for (const line of lines.filter((l) => /Praxis is ready/.test(l))) pids.add(JSON.parse(line).pid);
  assert.equal(pids.size, 2, 'two worker processes are ready');
  const workers = lines.filter((line) => /job worker started/.test(line)).map((l) => JSON.parse(l).pid);
  assert.deepEqual(new Set(workers), pids, 'each serving process runs a job worker; the primary none');
  // Both workers scheduled this period's statistics roll-up; it is one job, run once.
  const database = new DatabaseSync(join(dataDir, 'praxis.sqlite'), { readOnly: true });
  t.after(() => database.close());
  const rollups = () =>
    database.prepare("select state from jobs where kind = 'transparency.rollup'").all() as {
      state: string;
    }[];
  for (let waited = 0; rollups()[0]?.state !== 'done' && waited < 20_000; waited += 100) await sleep(100);
  const states = rollups().map((r) => r.state);
  // One job per 10-minute period: a second only if the two starts straddled a period's boundary.
  assert.ok(
    states.length === 1 || states.length === 2,
    `one roll-up job per period, not per worker (${states})`,
  );
  assert.ok(states.every((state) => state === 'done'));

  child.kill('SIGTERM');
  assert.equal(await exited, 0, 'SIGTERM stops the primary and its workers cleanly');
});
