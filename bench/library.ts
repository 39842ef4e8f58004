// Case library search with 100,000 published cases: p50/p99 of `library.search` in process, on
// SQLite (FTS5 trigram) and, when BENCH_DATABASE_URL is set, PostgreSQL (pg_trgm).
//   npx tsx bench/library.ts            BENCH_CASES=100000 by default
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createLibrary } from '../src/cases/library.ts';
import { type Database, openDatabase } from '../src/platform/db/database.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const WORDS = [
  'fairness',
  'transparency',
  'register',
  'hospital',
  'credit',
  'education',
  'city',
  'audit',
  'consent',
  'language',
  '공정성',
  '투명성',
  '윤리',
  '교육',
  '의료',
  '데이터',
  '감사',
  '위원회',
];
const QUERIES = [
  { q: 'register' },
  { q: 'hospital audit' },
  { q: '윤리' },
  { q: '공정성' },
  { q: '', region: 'africa' },
  { principle: 'privacy-data-protection' },
  { q: 'transparency', sector: 'health' },
  { q: 'zzzz-nothing' },
];

function rand(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

async function seed(database: Database) {
  const { db, engine } = database;
  await database.migrate();
  // Published cases reference submissions and calls; the bench fills the library table alone.
  if (engine === 'sqlite') await sql`pragma foreign_keys = off`.execute(db);
  else await sql`set session_replication_role = replica`.execute(db);
  const r = rand(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const now = Date.now();
  const regions = [
    'africa',
    'arab-states',
    'asia-pacific',
    'europe-north-america',
    'latin-america-caribbean',
  ];
  const sectors = ['health', 'education', 'finance', 'public-administration'];
  const principles = [
    'fairness-non-discrimination',
    'transparency-explainability',
    'privacy-data-protection',
    'human-oversight',
  ];
  for (let start = 0; start < CASES; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(CASES, start + 1000); i++) {
      const title = `${pick(WORDS)} ${pick(WORDS)} case ${i}`;
      const summary = Array.from({ length: 30 }, () => pick(WORDS)).join(' ');
      rows.push({
        id: `case-${i}`,
        submission_id: `s-${i}`,
        call_id: 'call',
        language: r() < 0.5 ? 'en' : 'ko',
        title,
        summary,
        body: '{}',
        organisation: 'Fictional',
        authors: '[]',
        practice_type: 'tool-application',
        stakeholder_type: 'startup',
        country: 'KR',
        region: pick(regions),
        sector: pick(sectors),
        principles: JSON.stringify([pick(principles)]),
        policy_areas: '[]',
        values: '[]',
        year: 2026,
        licence: 'CC-BY-4.0',
        search_text: `${title}\n${summary}`.toLowerCase(),
        published_at: new Date(now - i * 60_000).toISOString(),
      });
    }
    await db.insertInto('published_cases').values(rows).execute();
    if (engine === 'sqlite')
      await db
        .insertInto('case_search')
        .values(rows.map((row) => ({ case_id: row.id, text: row.search_text })))
        .execute();
  }
}

async function measure(label: string, database: Database) {
  const library = createLibrary(database);
  const times: number[] = [];
  for (let round = 0; round < 25; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await library.search(query, { limit: 20 });
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  process.stdout.write(`| ${label} | ${CASES} | ${times.length} | ${at(0.5)} | ${at(0.99)} |\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'praxis-library-bench-'));
process.stdout.write(
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.versions.node}\n\n| engine | cases | searches | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n`,
);
const sqlite = openDatabase({ sqliteFile: join(dir, 'bench.sqlite') });
await seed(sqlite);
await measure('SQLite (FTS5 trigram)', sqlite);
await sqlite.close();
if (process.env.BENCH_DATABASE_URL) {
  const pg = openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL });
  await seed(pg);
  await measure('PostgreSQL (pg_trgm)', pg);
  await pg.close();
}
rmSync(dir, { recursive: true, force: true });
