/**
 * The allocation rule for peer reviews, as pure functions so it can be tested over many random
 * arrival orders in memory and used unchanged by the store (see docs/course-format.md).
 *
 * A learner asking for work gets, among the submissions they may review, the one with the fewest
 * completed plus in-progress reviews (ties: the oldest submission). They never wait: when nothing is
 * eligible the answer is "nothing yet", and that learner's obligation counts as met for now.
 */

export interface PoolEntry {
  id: string;
  authorId: string;
  submittedAt: string;
  /** Completed reviews plus reservations that have not expired. */
  activeReviews: number;
}

/** Whether `reviewerId` may be given `entry`: not their own, not one they reviewed or hold already. */
export function isEligible(entry: PoolEntry, reviewerId: string, touched: ReadonlySet<string>): boolean {
  return entry.authorId !== reviewerId && !touched.has(entry.id);
}

/**
 * The submission to give `reviewerId` next, or null when none is eligible. `touched` holds the ids of
 * submissions the reviewer has reviewed or currently holds a reservation for.
 */
export function pickSubmission(
  pool: readonly PoolEntry[],
  reviewerId: string,
  touched: ReadonlySet<string>,
): PoolEntry | null {
  let best: PoolEntry | null = null;
  for (const entry of pool) {
    if (!isEligible(entry, reviewerId, touched)) continue;
    if (
      !best ||
      entry.activeReviews < best.activeReviews ||
      (entry.activeReviews === best.activeReviews &&
        (entry.submittedAt < best.submittedAt ||
          (entry.submittedAt === best.submittedAt && entry.id < best.id)))
    ) {
      best = entry;
    }
  }
  return best;
}

/** One reviewer's work on an assignment: submissions reviewed, and the one held (if any). */
export interface ReviewerWork {
  reviewed: ReadonlySet<string>;
  held: ReadonlySet<string>;
}

const NO_WORK: ReviewerWork = { reviewed: new Set(), held: new Set() };

/**
 * The base obligation: `reviewsPerLearner` reviews, but never more than there are other learners'
 * submissions to review. The first learners to submit are never stuck waiting; their obligation
 * grows again (up to the same total) as others submit.
 */
export function baseOwed(reviewsPerLearner: number, done: number, available: number): number {
  return Math.max(0, Math.min(reviewsPerLearner, done + available) - done);
}

/**
 * How many reviews `learner` owes now: the base obligation, and at least one more when a submission
 * they may review lacks reviews that nobody else still owing reviews can give (a late submission,
 * after the others have done their part). Without that catch-up a late submission would starve;
 * limiting it to that case keeps the extra work small. `work` holds every reviewer's reviews.
 */
export function reviewsOwed(input: {
  learner: string;
  pool: readonly PoolEntry[];
  work: ReadonlyMap<string, ReviewerWork>;
  reviewsPerLearner: number;
  reviewsPerSubmission: number;
}): number {
  const { learner, pool, work, reviewsPerLearner, reviewsPerSubmission } = input;
  const owedBase = (reviewer: string) => {
    const mine = work.get(reviewer) ?? NO_WORK;
    const available = pool.filter((e) => e.authorId !== reviewer && !mine.reviewed.has(e.id)).length;
    return baseOwed(reviewsPerLearner, mine.reviewed.size, available);
  };
  if (!pool.some((e) => e.authorId === learner)) return 0;
  const base = owedBase(learner);
  if (base > 0) return base;
  const mine = work.get(learner) ?? NO_WORK;
  const reviewers = [...new Set(pool.map((e) => e.authorId))].filter((r) => r !== learner);
  const stillOwing = reviewers.filter((r) => owedBase(r) > 0);
  for (const entry of pool) {
    if (entry.activeReviews >= reviewsPerSubmission || !isEligible(entry, learner, union(mine))) continue;
    const helpers = stillOwing.filter((r) => {
      const theirs = work.get(r) ?? NO_WORK;
      return r !== entry.authorId && !theirs.reviewed.has(entry.id) && !theirs.held.has(entry.id);
    }).length;
    if (helpers < reviewsPerSubmission - entry.activeReviews) return 1;
  }
  return 0;
}

function union(work: ReviewerWork): Set<string> {
  return new Set([...work.reviewed, ...work.held]);
}

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per criterion: the median of the points peers gave; the total is their sum. */
export function peerScore(
  criteria: readonly string[],
  reviews: readonly Record<string, number>[],
): { perCriterion: Record<string, number>; total: number } | null {
  if (reviews.length === 0) return null;
  const perCriterion: Record<string, number> = {};
  let total = 0;
  for (const id of criteria) {
    const value = median(reviews.map((r) => r[id] ?? 0)) ?? 0;
    perCriterion[id] = value;
    total += value;
  }
  return { perCriterion, total };
}

/**
 * Whether a submission's peer grade is final: it has the reviews it waits for, or the flexible
 * grading period has passed and it has at least one. With none, staff grade it.
 */
export function gradingState(input: {
  completedReviews: number;
  reviewsPerSubmission: number;
  submittedAt: string;
  flexibleGradingDays: number;
  now: string;
}): 'final' | 'waiting' | 'staff' {
  if (input.completedReviews >= input.reviewsPerSubmission) return 'final';
  const due = Date.parse(input.submittedAt) + input.flexibleGradingDays * 86_400_000;
  if (Date.parse(input.now) < due) return 'waiting';
  return input.completedReviews > 0 ? 'final' : 'staff';
}
