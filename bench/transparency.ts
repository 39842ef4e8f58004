// The transparency page at scale: how long the statistics roll-up takes (full and incremental), and
// the page, API and CSV served from the roll-up beside the same bytes served as a static file.
// Not a timed test: it prints figures for bench/RESULTS.md.
//   BENCH_DATA_DIR=bench/.data/transparency BENCH_LEARNERS=1000000 BENCH_PROGRESS_ROWS=1000000 npm run bench:seed
//   BENCH_DATA_DIR=bench/.data/transparency npx tsx bench/transparency.ts
// Without BENCH_DATA_DIR it runs on a fresh database with a few thousand learners.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { load, nginxCeiling, printTable } from './harness.ts';

async function main() {
  const seeded = process.env.BENCH_DATA_DIR;
  const dataDir = seeded ?? mkdtempSync(join(tmpdir(), 'praxis-bench-transparency-'));
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    logger: false,
  });
  const { identity, transparency, database } = app.services;
  if (!seeded) {
    for (let i = 0; i < 3000; i++) {
      await identity.addUser({
        email: `b${i}@example.invalid`,
        name: 'B',
        roles: [],
        country: ['KR', 'GH', 'BR', 'FR', 'IN'][i % 5]!,
      });
    }
  }
  const count = async (table: 'users' | 'enrollments' | 'unit_progress') =>
    Number(
      (await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst())!.n,
    );
  const sizes = {
    users: await count('users'),
    enrollments: await count('enrollments'),
    progress: await count('unit_progress'),
  };

  if (process.env.BENCH_SPREAD_DAYS) {
    // Spreads registrations and enrollments over the past N days (bench:seed writes them all today),
    // so that an incremental run has only today's rows to recount, as in production.
    const days = Number(process.env.BENCH_SPREAD_DAYS);
    const { sql } = await import('kysely');
    for (const [table, column] of [
      ['users', 'created_at'],
      ['enrollments', 'enrolled_at'],
    ] as const) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (rowid % ${days}) || ' days')`.execute(
        database.db,
      );
    }
  }
  const full = await transparency.rollup({ full: true });
  const incremental = await transparency.rollup();

  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const page = await (await fetch(`${base}/en/transparency`)).text();
  const staticDir = resolve(dataDir, 'bench-static');
  const ceiling = await nginxCeiling({ 'transparency.html': page });
  const staticBase = ceiling.base;

  const rows = [
    await load('nginx, same bytes as the transparency page (ceiling)', `${staticBase}/transparency.html`),
    await load('transparency page /en/transparency (visitor)', `${base}/en/transparency`),
    await load('statistics API /api/v1/statistics', `${base}/api/v1/statistics`),
    await load(
      'CSV download /en/transparency/data/countries.csv',
      `${base}/en/transparency/data/countries.csv`,
    ),
  ];
  const lines = [
    `Database: ${sizes.users} users, ${sizes.enrollments} enrollments, ${sizes.progress} progress rows (${seeded ? seeded : 'fresh, embedded SQLite'}).`,
    `Roll-up: full ${full.ms} ms (daily counts ${full.dailyMs} ms, snapshot ${full.snapshotMs} ms); incremental from ${incremental.from} ${incremental.ms} ms (daily counts ${incremental.dailyMs} ms, snapshot ${incremental.snapshotMs} ms).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  printTable(rows, '');
  await ceiling.stop();
  await app.close();
  rmSync(staticDir, { recursive: true, force: true });
  if (!seeded) rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
