import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AssignmentInput,
  type AssignmentResult,
  type AssignmentWeights,
  assignmentCost,
  assignReviewers,
  DEFAULT_WEIGHTS,
} from './assign-reviewers.ts';
import { MinCostFlow } from './min-cost-flow.ts';

type Pair = { caseId: string; reviewerId: string };
type Case = AssignmentInput['cases'][number];
type Reviewer = AssignmentInput['reviewers'][number];

// mulberry32: small, seeded, good enough to shuffle test instances reproducibly.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (p: Pair) => `${p.caseId}|${p.reviewerId}`;

function weightsOf(input: AssignmentInput): AssignmentWeights {
  return { ...DEFAULT_WEIGHTS, ...input.weights };
}

function existingCounts(input: AssignmentInput) {
  const seen = new Set<string>();
  const perCase = new Map<string, number>();
  const perReviewer = new Map<string, number>();
  for (const pair of input.existing) {
    if (seen.has(key(pair))) continue;
    seen.add(key(pair));
    perCase.set(pair.caseId, (perCase.get(pair.caseId) ?? 0) + 1);
    perReviewer.set(pair.reviewerId, (perReviewer.get(pair.reviewerId) ?? 0) + 1);
  }
  return { pairs: seen, perCase, perReviewer };
}

// The cost function written out again from its documentation, independently of the implementation.
function referenceCost(input: AssignmentInput, pairs: Pair[]): number {
  const w = weightsOf(input);
  const { perReviewer } = existingCounts(input);
  const added = new Map<string, number>();
  let total = 0;
  for (const pair of pairs) {
    const c = input.cases.find((x) => x.id === pair.caseId)!;
    const r = input.reviewers.find((x) => x.id === pair.reviewerId)!;
    const matches = new Set(c.principles.filter((s) => r.expertise.includes(s))).size;
    total += (r.languages.includes(c.language) ? 0 : w.language) - w.expertise * matches;
    added.set(r.id, (added.get(r.id) ?? 0) + 1);
  }
  for (const [id, n] of added) {
    const from = perReviewer.get(id) ?? 0;
    for (let k = from + 1; k <= from + n; k++) total += w.load * (k - 1);
  }
  return total;
}

// Every rule the result must keep, whatever the costs.
function checkValid(input: AssignmentInput, result: AssignmentResult): void {
  const existing = existingCounts(input);
  const conflicts = new Set(input.conflicts.map(key));
  const seen = new Set<string>();
  const newPerCase = new Map<string, number>();
  const newPerReviewer = new Map<string, number>();
  for (const pair of result.assignments) {
    const c = input.cases.find((x) => x.id === pair.caseId);
    const r = input.reviewers.find((x) => x.id === pair.reviewerId);
    assert.ok(c && r, `unknown pair ${key(pair)}`);
    assert.ok(!conflicts.has(key(pair)), `conflicted pair ${key(pair)}`);
    assert.ok(!existing.pairs.has(key(pair)), `pair ${key(pair)} was already assigned`);
    assert.ok(!seen.has(key(pair)), `pair ${key(pair)} assigned twice`);
    seen.add(key(pair));
    if (input.requireLanguage !== false)
      assert.ok(r.languages.includes(c.language), `${key(pair)}: language`);
    newPerCase.set(c.id, (newPerCase.get(c.id) ?? 0) + 1);
    newPerReviewer.set(r.id, (newPerReviewer.get(r.id) ?? 0) + 1);
  }
  for (const r of input.reviewers) {
    const added = newPerReviewer.get(r.id) ?? 0;
    if (added > 0)
      assert.ok((existing.perReviewer.get(r.id) ?? 0) + added <= r.maxLoad, `${r.id} overloaded`);
  }
  const unfilled: Record<string, number> = {};
  for (const c of input.cases) {
    const before = existing.perCase.get(c.id) ?? 0;
    const added = newPerCase.get(c.id) ?? 0;
    if (added > 0) assert.ok(before + added <= input.reviewersPerCase, `${c.id} over-assigned`);
    const missing = input.reviewersPerCase - before - added;
    if (missing > 0) unfilled[c.id] = missing;
  }
  assert.deepEqual(Object.fromEntries(result.unfilled.map((u) => [u.caseId, u.missing])), unfilled);
  assert.equal(result.totalCost, referenceCost(input, result.assignments));
  assert.equal(result.totalCost, assignmentCost(input, result.assignments));
}

// Every valid set of new pairs, enumerated case by case: the most slots filled, then the least cost.
function bruteForce(input: AssignmentInput): { filled: number; cost: number; leaves: number } {
  const existing = existingCounts(input);
  const conflicts = new Set(input.conflicts.map(key));
  const room = input.reviewers.map((r) => Math.max(0, r.maxLoad - (existing.perReviewer.get(r.id) ?? 0)));
  const need = input.cases.map((c) =>
    Math.max(0, input.reviewersPerCase - (existing.perCase.get(c.id) ?? 0)),
  );
  const allowed = input.cases.map((c) =>
    input.reviewers
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => {
        const pair = { caseId: c.id, reviewerId: r.id };
        if (conflicts.has(key(pair)) || existing.pairs.has(key(pair))) return false;
        return input.requireLanguage === false || r.languages.includes(c.language);
      })
      .map(({ i }) => i),
  );
  const best = { filled: -1, cost: 0, leaves: 0 };
  const chosen: Pair[] = [];
  const used = input.reviewers.map(() => 0);
  const visitCase = (c: number): void => {
    if (c === input.cases.length) {
      best.leaves++;
      const cost = referenceCost(input, chosen);
      if (chosen.length > best.filled || (chosen.length === best.filled && cost < best.cost)) {
        best.filled = chosen.length;
        best.cost = cost;
      }
      return;
    }
    const options = allowed[c]!;
    const pick = (from: number, left: number): void => {
      visitCase(c + 1);
      if (left === 0) return;
      for (let k = from; k < options.length; k++) {
        const r = options[k]!;
        if (used[r]! >= room[r]!) continue;
        used[r]!++;
        chosen.push({ caseId: input.cases[c]!.id, reviewerId: input.reviewers[r]!.id });
        pick(k + 1, left - 1);
        chosen.pop();
        used[r]!--;
      }
    };
    pick(0, need[c]!);
  };
  visitCase(0);
  return best;
}

function binomialSum(n: number, upTo: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k <= Math.min(n, upTo); k++) {
    sum += term;
    term = (term * (n - k)) / (k + 1);
  }
  return sum;
}

function randomInstance(random: () => number): AssignmentInput {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const some = <T>(items: T[], p: number) => items.filter(() => random() < p);
  const languages = ['en', 'fr', 'es'];
  const slugs = ['fairness', 'privacy', 'transparency', 'accountability'];
  const cases: Case[] = Array.from({ length: int(2, 5) }, (_, i) => ({
    id: `c${i}`,
    language: languages[int(0, 2)]!,
    principles: some(slugs, 0.4),
  }));
  const reviewers: Reviewer[] = Array.from({ length: int(2, 5) }, (_, i) => {
    const read = some(languages, 0.5);
    return {
      id: `r${i}`,
      languages: read.length ? read : [languages[int(0, 2)]!],
      expertise: some(slugs, 0.5),
      maxLoad: int(0, 4),
    };
  });
  const conflicts: Pair[] = [];
  const existing: Pair[] = [];
  for (const c of cases) {
    for (const r of reviewers) {
      const pair = { caseId: c.id, reviewerId: r.id };
      const roll = random();
      if (roll < 0.2) conflicts.push(pair);
      else if (roll < 0.28) existing.push(pair);
      else if (roll < 0.3) {
        existing.push(pair); // assigned, then found conflicted: kept and counted
        conflicts.push(pair);
      }
    }
  }
  const presets: (Partial<AssignmentWeights> | undefined)[] = [
    undefined,
    { expertise: 0, language: 0, load: 0 },
    { expertise: int(0, 20), language: int(0, 60), load: int(0, 12) },
    { expertise: int(0, 20), language: int(0, 60), load: int(0, 12) },
  ];
  return {
    cases,
    reviewers,
    reviewersPerCase: int(1, 3),
    conflicts,
    existing,
    requireLanguage: random() < 0.5,
    weights: presets[int(0, 3)],
  };
}

test('matches brute force on random small instances: as many slots filled, at the same least cost', () => {
  const random = prng(20261127);
  let compared = 0;
  let unfilledSeen = 0;
  for (let attempt = 0; compared < 600; attempt++) {
    const input = randomInstance(random);
    const { perCase } = existingCounts(input);
    const leaves = input.cases.reduce(
      (n, c) =>
        n *
        binomialSum(input.reviewers.length, Math.max(0, input.reviewersPerCase - (perCase.get(c.id) ?? 0))),
      1,
    );
    if (leaves > 20_000) continue;
    const label = `instance ${attempt}: ${JSON.stringify(input)}`;
    const result = assignReviewers(input);
    checkValid(input, result);
    const best = bruteForce(input);
    assert.equal(result.assignments.length, best.filled, `filled slots, ${label}`);
    assert.equal(result.totalCost, best.cost, `total cost, ${label}`);
    compared++;
    if (result.unfilled.length) unfilledSeen++;
  }
  assert.ok(unfilledSeen > 50, 'the instances exercise unfilled cases too');
});

// For instances too big to enumerate, a certificate instead: rebuild the flow network from the
// result and check that the residual network has no path from source to sink (no slot could be added)
// and no cycle of negative cost (no exchange of pairs could make it cheaper).
function certifyOptimal(input: AssignmentInput, result: AssignmentResult): void {
  const w = weightsOf(input);
  const existing = existingCounts(input);
  const conflicts = new Set(input.conflicts.map(key));
  const chosen = new Set(result.assignments.map(key));
  const source = 0;
  const sink = 1;
  const caseNode = (i: number) => 2 + i;
  const reviewerNode = (i: number) => 2 + input.cases.length + i;
  const arcs: [from: number, to: number, cost: number][] = [];
  for (const [ci, c] of input.cases.entries()) {
    const need = Math.max(0, input.reviewersPerCase - (existing.perCase.get(c.id) ?? 0));
    const added = result.assignments.filter((p) => p.caseId === c.id).length;
    if (added < need) arcs.push([source, caseNode(ci), 0]);
    if (added > 0) arcs.push([caseNode(ci), source, 0]);
    for (const [ri, r] of input.reviewers.entries()) {
      const pair = { caseId: c.id, reviewerId: r.id };
      if (conflicts.has(key(pair)) || existing.pairs.has(key(pair))) continue;
      if (input.requireLanguage !== false && !r.languages.includes(c.language)) continue;
      const cost = referenceCost({ ...input, existing: [], reviewers: [{ ...r }] }, [pair]);
      if (chosen.has(key(pair))) arcs.push([reviewerNode(ri), caseNode(ci), -cost]);
      else arcs.push([caseNode(ci), reviewerNode(ri), cost]);
    }
  }
  for (const [ri, r] of input.reviewers.entries()) {
    const from = existing.perReviewer.get(r.id) ?? 0;
    const added = result.assignments.filter((p) => p.reviewerId === r.id).length;
    for (let k = from + 1; k <= r.maxLoad; k++) {
      if (k <= from + added) arcs.push([sink, reviewerNode(ri), -w.load * (k - 1)]);
      else arcs.push([reviewerNode(ri), sink, w.load * (k - 1)]);
    }
  }
  const n = 2 + input.cases.length + input.reviewers.length;
  const reached = new Set([source]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [from, to] of arcs) {
      if (reached.has(from) && !reached.has(to)) {
        reached.add(to);
        grew = true;
      }
    }
  }
  assert.ok(!reached.has(sink), 'an augmenting path is left: a slot could still be filled');
  const dist = new Array<number>(n).fill(0);
  for (let round = 0; round <= n; round++) {
    let changed = false;
    for (const [from, to, cost] of arcs) {
      if (dist[from]! + cost < dist[to]!) {
        dist[to] = dist[from]! + cost;
        changed = true;
      }
    }
    if (!changed) return;
  }
  assert.fail('a cycle of negative cost is left: the assignment is not the cheapest');
}

test('optimal on random medium instances (certificate: no augmenting path, no negative cycle)', () => {
  const random = prng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  for (let round = 0; round < 60; round++) {
    const languages = ['en', 'fr', 'es', 'zh'];
    const slugs = ['fairness', 'privacy', 'transparency', 'accountability', 'safety', 'inclusion'];
    const input: AssignmentInput = {
      cases: Array.from({ length: int(5, 60) }, (_, i) => ({
        id: `c${i}`,
        language: languages[int(0, 3)]!,
        principles: slugs.filter(() => random() < 0.3),
      })),
      reviewers: Array.from({ length: int(3, 20) }, (_, i) => ({
        id: `r${i}`,
        languages: languages.filter((_, j) => (j === 0 ? random() < 0.8 : random() < 0.3)),
        expertise: slugs.filter(() => random() < 0.4),
        maxLoad: int(0, 15),
      })),
      reviewersPerCase: int(1, 4),
      conflicts: [],
      existing: [],
      requireLanguage: random() < 0.5,
      weights:
        random() < 0.5 ? undefined : { expertise: int(0, 30), language: int(0, 100), load: int(0, 10) },
    };
    for (const c of input.cases) {
      for (const r of input.reviewers) {
        const roll = random();
        if (roll < 0.05) input.conflicts.push({ caseId: c.id, reviewerId: r.id });
        else if (roll < 0.08) input.existing.push({ caseId: c.id, reviewerId: r.id });
      }
    }
    const result = assignReviewers(input);
    checkValid(input, result);
    certifyOptimal(input, result);
  }
});

const reviewer = (id: string, over: Partial<Reviewer> = {}): Reviewer => ({
  id,
  languages: ['en'],
  expertise: [],
  maxLoad: 10,
  ...over,
});
const case_ = (id: string, over: Partial<Case> = {}): Case => ({
  id,
  language: 'en',
  principles: [],
  ...over,
});

test('a conflict is never assigned, even when the case is left short of reviewers', () => {
  const expert = { expertise: ['privacy', 'fairness'] };
  const input: AssignmentInput = {
    cases: [case_('a', { principles: ['privacy', 'fairness'] })],
    reviewers: [reviewer('r1'), reviewer('r2', expert), reviewer('r3', expert), reviewer('r4')],
    reviewersPerCase: 3,
    conflicts: [
      { caseId: 'a', reviewerId: 'r2' },
      { caseId: 'a', reviewerId: 'r3' },
    ],
    existing: [],
  };
  const result = assignReviewers(input);
  checkValid(input, result);
  assert.deepEqual(
    result.assignments.map((p) => p.reviewerId),
    ['r1', 'r4'],
  );
  assert.deepEqual(result.unfilled, [{ caseId: 'a', missing: 1 }]);
});

test('equal expertise spreads the work: 6 cases × 2 reviewers over 4 reviewers is 3 each', () => {
  const input: AssignmentInput = {
    cases: Array.from({ length: 6 }, (_, i) => case_(`c${i}`, { principles: ['privacy'] })),
    reviewers: ['r1', 'r2', 'r3', 'r4'].map((id) => reviewer(id, { expertise: ['privacy'] })),
    reviewersPerCase: 2,
    conflicts: [],
    existing: [],
  };
  const result = assignReviewers(input);
  checkValid(input, result);
  assert.equal(result.unfilled.length, 0);
  const loads = input.reviewers.map((r) => result.assignments.filter((p) => p.reviewerId === r.id).length);
  assert.deepEqual(loads, [3, 3, 3, 3]);
});

test('load balancing counts existing assignments', () => {
  // r1 already has 4 cases elsewhere in the call: the 4 new slots go to r2 first.
  const input: AssignmentInput = {
    cases: [case_('a'), case_('b'), case_('c'), case_('d')],
    reviewers: [reviewer('r1'), reviewer('r2')],
    reviewersPerCase: 1,
    conflicts: [],
    existing: ['x1', 'x2', 'x3', 'x4'].map((caseId) => ({ caseId, reviewerId: 'r1' })),
  };
  const result = assignReviewers(input);
  checkValid(input, result);
  const loads = ['r1', 'r2'].map((id) => result.assignments.filter((p) => p.reviewerId === id).length);
  assert.deepEqual(loads, [0, 4]);
});

test('expertise decides between reviewers with equal load', () => {
  const input: AssignmentInput = {
    cases: [case_('a', { principles: ['privacy', 'fairness'] }), case_('b', { principles: ['safety'] })],
    reviewers: [
      reviewer('generalist'),
      reviewer('privacy', { expertise: ['privacy', 'fairness'] }),
      reviewer('safety', { expertise: ['safety'] }),
    ],
    reviewersPerCase: 1,
    conflicts: [],
    existing: [],
  };
  const result = assignReviewers(input);
  checkValid(input, result);
  assert.deepEqual(result.assignments, [
    { caseId: 'a', reviewerId: 'privacy' },
    { caseId: 'b', reviewerId: 'safety' },
  ]);
  assert.equal(result.totalCost, -3 * DEFAULT_WEIGHTS.expertise);
});

test('language: required by default; otherwise allowed at a price that readers avoid', () => {
  const cases = [case_('a', { language: 'fr', principles: ['privacy'] })];
  const reviewers = [
    reviewer('reader', { languages: ['fr', 'en'] }),
    reviewer('expert1', { expertise: ['privacy'] }),
    reviewer('expert2', { expertise: ['privacy'] }),
    reviewer('reader2', { languages: ['fr'] }),
  ];
  const base = { cases, reviewers, reviewersPerCase: 3, conflicts: [], existing: [] };

  const required = assignReviewers(base);
  checkValid(base, required);
  assert.deepEqual(
    required.assignments.map((p) => p.reviewerId),
    ['reader', 'reader2'],
  );
  assert.deepEqual(required.unfilled, [{ caseId: 'a', missing: 1 }]);

  const optional = { ...base, requireLanguage: false };
  const relaxed = assignReviewers(optional);
  checkValid(optional, relaxed);
  assert.equal(relaxed.unfilled.length, 0, 'filling the slot comes before the language penalty');
  const chosen = relaxed.assignments.map((p) => p.reviewerId);
  assert.ok(chosen.includes('reader') && chosen.includes('reader2'), 'both readers are used');
  assert.equal(
    relaxed.totalCost,
    DEFAULT_WEIGHTS.language - DEFAULT_WEIGHTS.expertise,
    'one expert who cannot read it',
  );
});

test('incremental runs keep existing pairs and add only what is missing', () => {
  const input: AssignmentInput = {
    cases: [case_('a'), case_('b'), case_('c')],
    reviewers: ['r1', 'r2', 'r3', 'r4'].map((id) => reviewer(id, { maxLoad: 2 })),
    reviewersPerCase: 2,
    conflicts: [{ caseId: 'a', reviewerId: 'r2' }],
    existing: [
      { caseId: 'a', reviewerId: 'r1' },
      { caseId: 'a', reviewerId: 'r1' }, // listed twice: counts once
      { caseId: 'b', reviewerId: 'r2' },
      { caseId: 'b', reviewerId: 'r3' },
      { caseId: 'b', reviewerId: 'r4' }, // over-assigned by hand: kept, nothing added
    ],
  };
  const first = assignReviewers(input);
  checkValid(input, first);
  assert.ok(first.assignments.every((p) => p.caseId !== 'b'));
  assert.equal(first.assignments.filter((p) => p.caseId === 'a').length, 1);
  assert.equal(first.assignments.filter((p) => p.caseId === 'c').length, 2);
  assert.deepEqual(first.unfilled, []);

  const again = { ...input, existing: [...input.existing, ...first.assignments] };
  const second = assignReviewers(again);
  assert.deepEqual(second, { assignments: [], unfilled: [], totalCost: 0 });

  // A reviewer who declined since is a conflict now; the rerun fills their place with someone else.
  const declined = first.assignments[0]!;
  const rerun = {
    ...input,
    existing: [...input.existing, ...first.assignments.slice(1)],
    conflicts: [...input.conflicts, declined],
    reviewers: input.reviewers.map((r) => ({ ...r, maxLoad: 3 })),
  };
  const third = assignReviewers(rerun);
  checkValid(rerun, third);
  assert.equal(third.assignments.length, 1);
  assert.equal(third.assignments[0]!.caseId, declined.caseId);
  assert.notEqual(third.assignments[0]!.reviewerId, declined.reviewerId);
});

test('an existing pair that is now a conflict stays and still counts', () => {
  const input: AssignmentInput = {
    cases: [case_('a')],
    reviewers: [reviewer('r1', { maxLoad: 1 }), reviewer('r2')],
    reviewersPerCase: 2,
    conflicts: [{ caseId: 'a', reviewerId: 'r1' }],
    existing: [{ caseId: 'a', reviewerId: 'r1' }],
  };
  const result = assignReviewers(input);
  checkValid(input, result);
  assert.deepEqual(result.assignments, [{ caseId: 'a', reviewerId: 'r2' }]);
});

test('zero load limits and no reviewers leave every case unfilled', () => {
  const cases = [case_('a'), case_('b')];
  const none = assignReviewers({ cases, reviewers: [], reviewersPerCase: 2, conflicts: [], existing: [] });
  assert.deepEqual(none.unfilled, [
    { caseId: 'a', missing: 2 },
    { caseId: 'b', missing: 2 },
  ]);
  const full = assignReviewers({
    cases,
    reviewers: [reviewer('r1', { maxLoad: 0 })],
    reviewersPerCase: 1,
    conflicts: [],
    existing: [],
  });
  assert.deepEqual(full, {
    assignments: [],
    unfilled: [
      { caseId: 'a', missing: 1 },
      { caseId: 'b', missing: 1 },
    ],
    totalCost: 0,
  });
});

test('bad input is refused', () => {
  const base = {
    cases: [case_('a')],
    reviewers: [reviewer('r1')],
    reviewersPerCase: 1,
    conflicts: [],
    existing: [],
  };
  assert.throws(() => assignReviewers({ ...base, cases: [case_('a'), case_('a')] }), /listed twice/);
  assert.throws(
    () => assignReviewers({ ...base, reviewers: [reviewer('r1'), reviewer('r1')] }),
    /listed twice/,
  );
  assert.throws(() => assignReviewers({ ...base, reviewers: [reviewer('r1', { maxLoad: 1.5 })] }), /maxLoad/);
  assert.throws(() => assignReviewers({ ...base, reviewersPerCase: -1 }), /reviewersPerCase/);
  assert.throws(() => assignReviewers({ ...base, weights: { load: -1 } }), /weight load/);
  assert.throws(() => assignmentCost(base, [{ caseId: 'a', reviewerId: 'nobody' }]), /no reviewer/);
});

test('min-cost flow: negative costs, a flow limit, and a negative cycle', () => {
  // 0 → 1 → 3 costs -5 + 1, 0 → 2 → 3 costs 2 + 2, and 1 → 2 (cap 1) costs -10.
  const build = () => {
    const g = new MinCostFlow(4);
    const edges = [
      g.addEdge(0, 1, 2, -5),
      g.addEdge(0, 2, 2, 2),
      g.addEdge(1, 3, 2, 1),
      g.addEdge(2, 3, 2, 2),
    ];
    edges.push(g.addEdge(1, 2, 1, -10));
    return { g, edges };
  };
  const all = build();
  // Max flow 4: 0→1 twice, 0→2 twice; 2→3 capacity 2 caps the paths through node 2 at 2, so the
  // -10 arc cannot be used without giving up flow: 2×(-5+1) + 2×(2+2) = 0.
  const max = all.g.solve(0, 3);
  assert.equal(max.flow, 4);
  assert.equal(max.cost, 0);
  const limited = build();
  // One unit: 0→1→2→3 costs -5 - 10 + 2 = -13.
  const one = limited.g.solve(0, 3, 1);
  assert.equal(one.flow, 1);
  assert.equal(one.cost, -13);
  assert.deepEqual(
    limited.edges.map((e) => limited.g.flowOn(e)),
    [1, 0, 0, 1, 1],
  );
  const cycle = new MinCostFlow(3);
  cycle.addEdge(0, 1, 1, 0);
  cycle.addEdge(1, 2, 1, -3);
  cycle.addEdge(2, 1, 1, 1);
  assert.throws(() => cycle.solve(0, 2), /negative/);
});
