// Reviewer assignment at call scale: 1,000 cases, 100 reviewers, 3 reviewers per case, 2 % conflicts,
// maxLoad 40, realistic languages and expertise (seeded, so every run solves the same instance).
// Not a timed test: it prints figures for bench/RESULTS.md.
//   npx tsx bench/assignment.ts
import { cpus } from 'node:os';
import {
  type AssignmentInput,
  assignmentCost,
  assignReviewers,
} from '../src/cases/assignment/assign-reviewers.ts';

const CASES = 1000;
const REVIEWERS = 100;
const PER_CASE = 3;
const MAX_LOAD = 40;
const CONFLICT_RATE = 0.02;
const RUNS = 3;

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
const random = prng(42);
const weighted = <T>(items: [T, number][]): T => {
  let roll = random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    roll -= w;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
};
const sample = <T>(items: T[], n: number): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
};
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// Submissions are mostly in English; reviewers mostly read English and one or two more languages.
const caseLanguages: [string, number][] = [
  ['en', 55],
  ['es', 12],
  ['fr', 10],
  ['zh', 8],
  ['ar', 6],
  ['ru', 5],
  ['ko', 4],
];
const principles = [
  'fairness',
  'transparency',
  'privacy',
  'accountability',
  'safety',
  'human-oversight',
  'sustainability',
  'inclusion',
  'robustness',
  'explainability',
  'contestability',
  'proportionality',
];
// Some principles come up far more often than others, in cases and in expertise alike.
const popularity: [string, number][] = principles.map((p, i) => [p, 12 - i]);
const pickPrinciples = (n: number): string[] => {
  const out = new Set<string>();
  while (out.size < n) out.add(weighted(popularity));
  return [...out];
};

const input: AssignmentInput = {
  cases: Array.from({ length: CASES }, (_, i) => ({
    id: `case-${i}`,
    language: weighted(caseLanguages),
    principles: pickPrinciples(between(1, 4)),
  })),
  reviewers: Array.from({ length: REVIEWERS }, (_, i) => {
    const languages = new Set<string>(random() < 0.9 ? ['en'] : []);
    const others = caseLanguages.filter(([l]) => l !== 'en');
    for (const [l] of sample(others, between(languages.size ? 0 : 1, 2))) languages.add(l);
    return {
      id: `reviewer-${i}`,
      languages: [...languages],
      expertise: pickPrinciples(between(2, 5)),
      maxLoad: MAX_LOAD,
    };
  }),
  reviewersPerCase: PER_CASE,
  conflicts: [],
  existing: [],
};
for (const c of input.cases) {
  for (const r of input.reviewers)
    if (random() < CONFLICT_RATE) input.conflicts.push({ caseId: c.id, reviewerId: r.id });
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { result: result!, ms: times[Math.floor(RUNS / 2)]! };
}

function describe(
  label: string,
  run: AssignmentInput,
  ms: number,
  result: ReturnType<typeof assignReviewers>,
): void {
  const loads = new Map(run.reviewers.map((r) => [r.id, 0]));
  for (const p of [...run.existing, ...result.assignments])
    loads.set(p.reviewerId, (loads.get(p.reviewerId) ?? 0) + 1);
  const values = [...loads.values()];
  const slots = run.cases.length * run.reviewersPerCase;
  const missing = result.unfilled.reduce((s, u) => s + u.missing, 0);
  const byId = new Map(run.cases.map((c) => [c.id, c]));
  const expertiseOf = new Map(run.reviewers.map((r) => [r.id, new Set(r.expertise)]));
  let matched = 0;
  for (const p of result.assignments) {
    const expertise = expertiseOf.get(p.reviewerId)!;
    if (byId.get(p.caseId)!.principles.some((s) => expertise.has(s))) matched++;
  }
  process.stdout.write(
    `\n${label}\n` +
      `  time (median of ${RUNS}):   ${ms.toFixed(0)} ms\n` +
      `  new pairs:               ${result.assignments.length}\n` +
      `  filled slots:            ${slots - missing} / ${slots} (${result.unfilled.length} cases short of ${missing})\n` +
      `  load max / min:          ${Math.max(...values)} / ${Math.min(...values)} (limit ${Math.max(...run.reviewers.map((r) => r.maxLoad))})\n` +
      `  new pairs sharing ≥ 1 principle: ${((100 * matched) / Math.max(1, result.assignments.length)).toFixed(1)} %\n` +
      `  total cost:              ${result.totalCost} (check: ${assignmentCost(run, result.assignments)})\n`,
  );
}

const cpu = cpus();
process.stdout.write(
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}\n` +
    `Instance: ${CASES} cases, ${REVIEWERS} reviewers, ${PER_CASE} per case, maxLoad ${MAX_LOAD}, ` +
    `${input.conflicts.length} conflicts (${CONFLICT_RATE * 100} %)\n`,
);

const fresh = timed(() => assignReviewers(input));
describe('Fresh run', input, fresh.ms, fresh.result);

// An incremental run after 5 % of the new assignments were declined: the declines become conflicts.
const declined = fresh.result.assignments.filter(() => random() < 0.05);
const declinedKeys = new Set(declined.map((p) => `${p.caseId}|${p.reviewerId}`));
const rerun: AssignmentInput = {
  ...input,
  conflicts: [...input.conflicts, ...declined],
  existing: fresh.result.assignments.filter((p) => !declinedKeys.has(`${p.caseId}|${p.reviewerId}`)),
};
const incremental = timed(() => assignReviewers(rerun));
describe(`Incremental run after ${declined.length} declines`, rerun, incremental.ms, incremental.result);

// Language preferred rather than required: every pair not in conflict is an arc (about 98,000).
const anyLanguage: AssignmentInput = { ...input, requireLanguage: false };
const relaxed = timed(() => assignReviewers(anyLanguage));
describe('Language preferred, not required (all pairs allowed)', anyLanguage, relaxed.ms, relaxed.result);

// Tight: maxLoad 30 gives exactly as many places as slots, so the last paths are long.
const tight: AssignmentInput = {
  ...anyLanguage,
  reviewers: input.reviewers.map((r) => ({ ...r, maxLoad: 30 })),
};
const tightRun = timed(() => assignReviewers(tight));
describe(
  'Tight: language not required, maxLoad 30 (3,000 places for 3,000 slots)',
  tight,
  tightRun.ms,
  tightRun.result,
);
