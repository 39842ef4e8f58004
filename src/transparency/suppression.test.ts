import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Constraint, publishCells, rate, suppress, THRESHOLD } from './suppression.ts';

/** A seeded pseudo-random generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/**
 * Whether a hidden cell's value follows from the published cells and the constraints: the
 * constraints are linear equations in the hidden cells; a hidden cell is determined exactly when its
 * unit vector lies in the row space of their coefficients (Gaussian elimination).
 */
function derivable(
  values: ReadonlyMap<string, number>,
  constraints: readonly Constraint[],
  hidden: Set<string>,
) {
  const unknowns = [...hidden];
  const column = new Map(unknowns.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const c of constraints) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const [id, sign] of [[c.total, 1] as const, ...c.parts.map((p) => [p, -1] as const)]) {
      const i = column.get(id);
      if (i !== undefined) {
        row[i]! += sign;
        any = true;
      }
    }
    if (any) rows.push(row);
  }
  const rank = (matrix: number[][]) => {
    const m = matrix.map((r) => [...r]);
    let r = 0;
    for (let col = 0; col < unknowns.length && r < m.length; col++) {
      const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[col]!) > 1e-9);
      if (pivot < 0) continue;
      [m[r], m[pivot]] = [m[pivot]!, m[r]!];
      for (let i = 0; i < m.length; i++) {
        if (i === r) continue;
        const f = m[i]![col]! / m[r]![col]!;
        if (f !== 0) for (let j = 0; j < unknowns.length; j++) m[i]![j]! -= f * m[r]![j]!;
      }
      r++;
    }
    return r;
  };
  const base = rank(rows);
  return unknowns.filter((id, i) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[i] = 1;
    return rank([...rows, unit]) === base && values.has(id);
  });
}

/** Counts of a random population over the same shape as the transparency tables. */
function population(seed: number) {
  const r = random(seed);
  const n = Math.floor(r() * 400);
  const regions = ['africa', 'arab', 'asia', 'europe', 'latam'];
  const countries = regions.flatMap((region) =>
    Array.from({ length: 1 + Math.floor(r() * 5) }, (_, i) => ({ id: `${region}-${i}`, region })),
  );
  const weights = countries.map(() => r() ** 3);
  const months = Array.from({ length: 1 + Math.floor(r() * 12) }, (_, i) => `m${i}`);
  const languages = ['en', 'ko', 'ar', 'zh', 'fr', 'ru', 'es'];
  const values = new Map<string, number>();
  const bump = (id: string) => values.set(id, (values.get(id) ?? 0) + 1);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  for (let k = 0; k < n; k++) {
    let x = r() * totalWeight;
    let i = 0;
    while (i < countries.length - 1 && x > weights[i]!) x -= weights[i++]!;
    bump('total');
    bump(`country:${countries[i]!.id}`);
    bump(`region:${countries[i]!.region}`);
    bump(`month:${months[Math.floor(r() ** 2 * months.length)]}`);
    bump(`lang:${languages[Math.floor(r() ** 4 * languages.length)]}`);
  }
  for (const c of countries) values.set(`country:${c.id}`, values.get(`country:${c.id}`) ?? 0);
  for (const g of regions) values.set(`region:${g}`, values.get(`region:${g}`) ?? 0);
  values.set('total', n);
  const constraints: Constraint[] = [
    { total: 'total', parts: regions.map((g) => `region:${g}`) },
    ...regions.map((g) => ({
      total: `region:${g}`,
      parts: countries.filter((c) => c.region === g).map((c) => `country:${c.id}`),
    })),
    { total: 'total', parts: months.map((m) => `month:${m}`) },
    { total: 'total', parts: languages.map((l) => `lang:${l}`) },
  ];
  return { values, constraints };
}

test('primary suppression: every figure below the threshold is hidden, zero included', () => {
  const values = new Map([
    ['a', 0],
    ['b', 9],
    ['c', 10],
    ['d', 250],
  ]);
  assert.deepEqual([...suppress(values, [])].sort(), ['a', 'b']);
});

test('one hidden part of a shown total: the next-smallest part is hidden too', () => {
  const values = new Map([
    ['total', 100],
    ['a', 4],
    ['b', 30],
    ['c', 66],
  ]);
  const hidden = suppress(values, [{ total: 'total', parts: ['a', 'b', 'c'] }]);
  assert.deepEqual([...hidden].sort(), ['a', 'b']);
  const cells = publishCells(values, [{ total: 'total', parts: ['a', 'b', 'c'] }]);
  assert.deepEqual(cells.get('a'), { value: null, suppressed: true });
  assert.deepEqual(cells.get('c'), { value: 66, suppressed: false });
});

test('hidden parts that sum to fewer than the threshold pull in another part', () => {
  const values = new Map([
    ['total', 60],
    ['a', 1],
    ['b', 2],
    ['c', 12],
    ['d', 45],
  ]);
  // total − (c + d) would be 3: a figure about fewer than 10 people.
  assert.deepEqual([...suppress(values, [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }])].sort(), [
    'a',
    'b',
    'c',
  ]);
});

test('a small total hides its parts, and a hidden total with shown parts hides a part', () => {
  assert.deepEqual(
    [
      ...suppress(
        new Map([
          ['t', 8],
          ['a', 5],
          ['b', 3],
        ]),
        [{ total: 't', parts: ['a', 'b'] }],
      ),
    ].sort(),
    ['a', 'b', 't'],
  );
  // A region hidden by its own constraint upwards, whose countries are all large: one must go.
  const values = new Map([
    ['total', 200],
    ['r1', 5],
    ['r2', 40],
    ['r3', 155],
    ['r2:x', 20],
    ['r2:y', 20],
  ]);
  const hidden = suppress(values, [
    { total: 'total', parts: ['r1', 'r2', 'r3'] },
    { total: 'r2', parts: ['r2:x', 'r2:y'] },
  ]);
  assert.ok(hidden.has('r2'), 'r2 is the complement of r1');
  // r2 = x + y would give r2 back: one of its parts is hidden with it.
  assert.ok(hidden.has('r2:x') && !hidden.has('r2:y'));
});

test('rates are only given for shown figures', () => {
  assert.equal(rate({ value: 10, suppressed: false }, { value: 40, suppressed: false }), 0.25);
  assert.equal(rate({ value: null, suppressed: true }, { value: 40, suppressed: false }), null);
});

test('property: across 2,000 random populations no hidden figure can be derived from the published ones', () => {
  for (let seed = 1; seed <= 2000; seed++) {
    const { values, constraints } = population(seed);
    const hidden = suppress(values, constraints);
    for (const [id, v] of values) {
      if (v < THRESHOLD) assert.ok(hidden.has(id), `seed ${seed}: ${id}=${v} shown`);
    }
    for (const c of constraints) {
      const unknowns = [c.total, ...c.parts].filter((id) => hidden.has(id)).length;
      assert.notEqual(unknowns, 1, `seed ${seed}: ${c.total} has exactly one hidden cell`);
      if (!hidden.has(c.total)) {
        const sum = c.parts.filter((p) => hidden.has(p)).reduce((s, p) => s + (values.get(p) ?? 0), 0);
        assert.ok(sum === 0 ? unknowns === 0 : sum >= THRESHOLD, `seed ${seed}: ${c.total} reveals ${sum}`);
      }
    }
    assert.deepEqual(derivable(values, constraints, hidden), [], `seed ${seed}`);
  }
});

test('property: published cells equal the true values wherever they are shown', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const { values, constraints } = population(seed);
    for (const [id, cell] of publishCells(values, constraints)) {
      if (!cell.suppressed) assert.equal(cell.value, values.get(id) ?? 0);
      else assert.equal(cell.value, null);
    }
  }
});
