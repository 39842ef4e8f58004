// Automatic reviewer assignment for a call's cases, as a minimum-cost maximum flow:
//
//   source ─(the case's missing reviews)→ case ─(1, pair cost)→ reviewer ─(1 each, k-th: load step)→ sink
//
// A maximum flow fills as many review slots as the conflicts, languages and load limits allow; among
// those, the solver finds one of least total cost (see AssignmentWeights). Costs are integers and the
// result is exactly optimal, not a heuristic.
//
// Incremental: existing assignments stay as they are. They count towards their case's reviewers and
// their reviewer's load (and its place on the load curve), a reviewer is never assigned twice to one
// case, and only the missing pairs are added.

import { MinCostFlow } from './min-cost-flow.ts';

export interface AssignmentInput {
  cases: { id: string; language: string; principles: string[] }[];
  reviewers: { id: string; languages: string[]; expertise: string[]; maxLoad: number }[];
  reviewersPerCase: number;
  /** Pairs that must never be assigned: conflicts of interest and declined assignments alike. */
  conflicts: { caseId: string; reviewerId: string }[];
  /** Assignments already made. They are kept, even where a pair has since become a conflict. */
  existing: { caseId: string; reviewerId: string }[];
  /** Only reviewers who read a case's language may review it (default true); if false, it costs. */
  requireLanguage?: boolean;
  weights?: Partial<AssignmentWeights>;
}

export interface AssignmentResult {
  /** New pairs only, in the order of input.cases, then input.reviewers. */
  assignments: { caseId: string; reviewerId: string }[];
  /** Cases that still have fewer than reviewersPerCase reviewers, in the order of input.cases. */
  unfilled: { caseId: string; missing: number }[];
  /** assignmentCost of the new pairs: the least possible among assignments filling as many slots. */
  totalCost: number;
}

type Pair = { caseId: string; reviewerId: string };

/**
 * The cost of one assignment set, in integers; lower is better:
 *  - each pair: − expertise × (the case's distinct principles found in the reviewer's expertise),
 *    plus language when the reviewer does not read the case's language (only possible when
 *    requireLanguage is false);
 *  - each reviewer: the k-th case on their desk (existing assignments included) costs load × (k − 1).
 *    The marginal cost grows, so the cheapest way to place the work is to spread it: one more matching
 *    principle is worth expertise / load more cases than a colleague's.
 */
export interface AssignmentWeights {
  expertise: number;
  language: number;
  load: number;
}

export const DEFAULT_WEIGHTS: Readonly<AssignmentWeights> = Object.freeze({
  expertise: 12,
  language: 10_000,
  load: 4,
});

interface Prepared {
  weights: AssignmentWeights;
  requireLanguage: boolean;
  caseIndex: Map<string, number>;
  reviewerIndex: Map<string, number>;
  principles: string[][]; // distinct, per case
  languages: Set<string>[]; // per reviewer
  expertise: Set<string>[]; // per reviewer
  blocked: Map<string, Set<string>>; // caseId → reviewerIds: conflicts and existing pairs
  existingPerCase: number[];
  existingPerReviewer: number[];
}

function prepare(input: AssignmentInput): Prepared {
  const weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  for (const [name, value] of Object.entries(weights)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`weight ${name} must be a whole number ≥ 0`);
  }
  const caseIndex = new Map<string, number>();
  for (const [i, c] of input.cases.entries()) {
    if (caseIndex.has(c.id)) throw new Error(`case ${c.id} is listed twice`);
    caseIndex.set(c.id, i);
  }
  const reviewerIndex = new Map<string, number>();
  for (const [i, r] of input.reviewers.entries()) {
    if (reviewerIndex.has(r.id)) throw new Error(`reviewer ${r.id} is listed twice`);
    if (!Number.isSafeInteger(r.maxLoad) || r.maxLoad < 0)
      throw new RangeError(`reviewer ${r.id}: bad maxLoad`);
    reviewerIndex.set(r.id, i);
  }

  const blocked = new Map<string, Set<string>>();
  const block = (pair: Pair): boolean => {
    let set = blocked.get(pair.caseId);
    if (!set) {
      set = new Set();
      blocked.set(pair.caseId, set);
    }
    if (set.has(pair.reviewerId)) return false;
    set.add(pair.reviewerId);
    return true;
  };
  // Existing pairs first, so that an existing pair that is also a conflict still counts.
  const existingPerCase = new Array<number>(input.cases.length).fill(0);
  const existingPerReviewer = new Array<number>(input.reviewers.length).fill(0);
  for (const pair of input.existing) {
    if (!block(pair)) continue; // listed twice
    const c = caseIndex.get(pair.caseId);
    if (c !== undefined) existingPerCase[c]!++;
    const r = reviewerIndex.get(pair.reviewerId);
    if (r !== undefined) existingPerReviewer[r]!++;
  }
  for (const pair of input.conflicts) block(pair);

  return {
    weights,
    requireLanguage: input.requireLanguage ?? true,
    caseIndex,
    reviewerIndex,
    principles: input.cases.map((c) => [...new Set(c.principles)]),
    languages: input.reviewers.map((r) => new Set(r.languages)),
    expertise: input.reviewers.map((r) => new Set(r.expertise)),
    blocked,
    existingPerCase,
    existingPerReviewer,
  };
}

function reads(p: Prepared, input: AssignmentInput, c: number, r: number): boolean {
  return p.languages[r]!.has(input.cases[c]!.language);
}

function pairCost(p: Prepared, input: AssignmentInput, c: number, r: number): number {
  let matches = 0;
  const expertise = p.expertise[r]!;
  for (const slug of p.principles[c]!) if (expertise.has(slug)) matches++;
  return (reads(p, input, c, r) ? 0 : p.weights.language) - p.weights.expertise * matches;
}

/** The load part of the cost for a reviewer going from `from` to `to` cases. */
function loadCost(weights: AssignmentWeights, from: number, to: number): number {
  // Σ_{k=from+1}^{to} load × (k − 1)
  return (weights.load * (to * (to - 1) - from * (from - 1))) / 2;
}

/**
 * The cost of adding these pairs to input.existing (the existing pairs' own cost is a constant and is
 * left out). It does not check that the pairs are allowed.
 */
export function assignmentCost(input: AssignmentInput, assignments: Pair[]): number {
  const p = prepare(input);
  const added = new Array<number>(input.reviewers.length).fill(0);
  let total = 0;
  for (const pair of assignments) {
    const c = p.caseIndex.get(pair.caseId);
    const r = p.reviewerIndex.get(pair.reviewerId);
    if (c === undefined) throw new Error(`no case ${pair.caseId}`);
    if (r === undefined) throw new Error(`no reviewer ${pair.reviewerId}`);
    total += pairCost(p, input, c, r);
    added[r]!++;
  }
  for (const [r, n] of added.entries()) {
    const from = p.existingPerReviewer[r]!;
    total += loadCost(p.weights, from, from + n);
  }
  return total;
}

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const perCase = input.reviewersPerCase;
  if (!Number.isSafeInteger(perCase) || perCase < 0)
    throw new RangeError('reviewersPerCase must be a whole number');
  const p = prepare(input);
  const caseCount = input.cases.length;
  const reviewerCount = input.reviewers.length;
  const missing = p.existingPerCase.map((n) => Math.max(0, perCase - n));
  const totalMissing = missing.reduce((a, b) => a + b, 0);
  const room = input.reviewers.map((r, i) => Math.max(0, r.maxLoad - p.existingPerReviewer[i]!));

  // The pairs that may be added, with their cost.
  const pairCase: number[] = [];
  const pairReviewer: number[] = [];
  const pairCosts: number[] = [];
  const candidates = new Array<number>(reviewerCount).fill(0);
  for (let c = 0; c < caseCount; c++) {
    if (missing[c] === 0) continue;
    const blocked = p.blocked.get(input.cases[c]!.id);
    for (let r = 0; r < reviewerCount; r++) {
      if (room[r] === 0 || blocked?.has(input.reviewers[r]!.id)) continue;
      if (p.requireLanguage && !reads(p, input, c, r)) continue;
      pairCase.push(c);
      pairReviewer.push(r);
      pairCosts.push(pairCost(p, input, c, r));
      candidates[r]!++;
    }
  }

  // Every unit of flow crosses exactly one pair arc, and every maximum flow has the same size, so
  // shifting the pair costs to be non-negative changes no choice and spares the solver Bellman–Ford.
  let shift = 0;
  for (const cost of pairCosts) shift = Math.max(shift, -cost);
  const source = 0;
  const sink = 1;
  const caseNode = (c: number) => 2 + c;
  const reviewerNode = (r: number) => 2 + caseCount + r;
  const flow = new MinCostFlow(2 + caseCount + reviewerCount);
  for (let c = 0; c < caseCount; c++) if (missing[c]! > 0) flow.addEdge(source, caseNode(c), missing[c]!, 0);
  const pairEdges = pairCosts.map((cost, i) =>
    flow.addEdge(caseNode(pairCase[i]!), reviewerNode(pairReviewer[i]!), 1, cost + shift),
  );
  // Convex load cost: one unit arc per further case, each dearer than the one before. The cheapest
  // free arc is always the next one, so the flow's cost on them is exactly loadCost.
  for (let r = 0; r < reviewerCount; r++) {
    const existing = p.existingPerReviewer[r]!;
    const extra = Math.min(room[r]!, candidates[r]!, totalMissing);
    for (let k = existing + 1; k <= existing + extra; k++) {
      flow.addEdge(reviewerNode(r), sink, 1, p.weights.load * (k - 1));
    }
  }
  const solved = flow.solve(source, sink);

  const assignments: Pair[] = [];
  for (const [i, edge] of pairEdges.entries()) {
    if (flow.flowOn(edge) === 0) continue;
    const c = pairCase[i]!;
    missing[c]!--;
    assignments.push({ caseId: input.cases[c]!.id, reviewerId: input.reviewers[pairReviewer[i]!]!.id });
  }
  const unfilled: AssignmentResult['unfilled'] = [];
  for (const [c, n] of missing.entries())
    if (n > 0) unfilled.push({ caseId: input.cases[c]!.id, missing: n });
  return { assignments, unfilled, totalCost: solved.cost - shift * solved.flow };
}
