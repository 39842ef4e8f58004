import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../platform/i18n/messages.ts';
import { buildFigures, type PublishedTable } from './figures.ts';
import type { MonthlyRow, SnapshotRaw } from './rollup.ts';

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A random roll-up whose parts add up, as the real one's do. */
function rollup(seed: number): { snapshot: SnapshotRaw; monthly: MonthlyRow[] } {
  const r = random(seed);
  const countries = ['KR', 'JP', 'GH', 'KE', 'FR', 'BR', 'EG', 'ZZ'];
  const months = ['2025-11', '2025-12', '2026-01', '2026-02'];
  const people = Math.floor(r() * 120);
  const byCountry: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  const byGender: Record<string, number> = {};
  const bySector: Record<string, number> = {};
  const monthly = new Map<string, MonthlyRow>();
  const bump = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1;
  };
  const add = (month: string, metric: string, courseSlug: string) => {
    const key = `${month}/${metric}/${courseSlug}`;
    const row = monthly.get(key) ?? { month, metric, courseSlug, count: 0 };
    row.count++;
    monthly.set(key, row);
  };
  for (let i = 0; i < people; i++) {
    bump(byCountry, countries[Math.floor(r() ** 2 * countries.length)]!);
    bump(byLanguage, ['en', 'ko', 'fr', 'ar'][Math.floor(r() * 4)]!);
    bump(byGender, ['woman', 'man', '', 'prefer-not-to-say'][Math.floor(r() * 4)]!);
    bump(bySector, ['academia', 'student', ''][Math.floor(r() * 3)]!);
    const month = months[Math.floor(r() * months.length)]!;
    add(month, 'registrations', '');
    if (r() < 0.6) {
      const course = r() < 0.7 ? 'a' : 'b';
      add(month, 'enrollments', course);
      if (r() < 0.4) {
        add(month, 'completions', course);
        add(month, 'certificates', course);
      }
    }
  }
  return {
    snapshot: {
      computedAt: '2026-02-15T00:00:00.000Z',
      learners: people,
      active30: Math.floor(people / 2),
      byCountry,
      byLanguage,
      byGender,
      bySector,
      calls: [],
    },
    monthly: [...monthly.values()],
  };
}

/** For every column of a table with a total row, how many of its cells (total included) are hidden. */
function hiddenPerColumn(table: PublishedTable): number[] {
  // A total with no parts (nothing rolled up yet) has nothing to subtract from.
  if (!table.rows.some((row) => row.total) || table.rows.every((row) => row.total)) return [];
  return table.columns.map((column) => table.rows.filter((row) => row.cells[column.key]?.suppressed).length);
}

test('property: in every published table, no column with a total hides exactly one figure', () => {
  const t = translator('en');
  for (let seed = 1; seed <= 300; seed++) {
    const { snapshot, monthly } = rollup(seed);
    const figures = buildFigures({
      snapshot,
      monthly,
      t,
      locale: 'en',
      courseTitle: (slug) => slug,
      currentMonth: '2026-02',
    });
    const tables = [...figures.tables, ...figures.years.flatMap((year) => figures.year(year))];
    for (const table of tables) {
      for (const [i, hidden] of hiddenPerColumn(table).entries()) {
        assert.notEqual(hidden, 1, `seed ${seed}: ${table.id}.${table.columns[i]!.key}`);
      }
      for (const row of table.rows) {
        for (const cell of Object.values(row.cells)) {
          if (!cell.suppressed && cell.value !== null) {
            assert.ok(
              cell.value >= 10 || table.columns.some((c) => c.kind === 'rate'),
              `seed ${seed}: ${table.id}`,
            );
          }
        }
      }
    }
    // The total of learners is the same figure in every breakdown.
    const totals = new Set(
      ['regions', 'countries', 'languages', 'genders', 'sectors'].map((id) =>
        JSON.stringify(figures.table(id)!.rows.find((r) => r.total)!.cells.people),
      ),
    );
    assert.equal(totals.size, 1, `seed ${seed}`);
  }
});

test('shown figures are the roll-up’s own counts', () => {
  const { snapshot, monthly } = rollup(7);
  const figures = buildFigures({
    snapshot,
    monthly,
    t: translator('en'),
    locale: 'en',
    courseTitle: (slug) => slug,
    currentMonth: '2026-02',
  });
  for (const row of figures.table('countries')!.rows.filter((r) => !r.total)) {
    const cell = row.cells.people!;
    if (!cell.suppressed) assert.equal(cell.value, snapshot.byCountry[row.key]);
  }
  const overview = figures.table('overview')!;
  const learners = overview.rows.find((r) => r.key === 'learners')!.cells.count!;
  if (!learners.suppressed) assert.equal(learners.value, snapshot.learners);
});
