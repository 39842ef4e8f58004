/**
 * Small-count suppression for published figures: no figure about fewer than `threshold` people is
 * published, and no hidden figure can be recovered by subtracting published ones.
 *
 * Figures are cells with ids; a constraint says that one cell (a total) is the sum of others (its
 * parts), e.g. "learners = Σ learners by country" or "Africa = Σ its countries". Published data
 * states these sums, so a reader can subtract. The rules:
 *
 * 1. Primary: every cell below the threshold (zero included) is hidden.
 * 2. Secondary, repeated until nothing changes, for every constraint:
 *    - total shown, exactly one part hidden → hide the smallest shown part too (otherwise total −
 *      shown parts = the hidden part);
 *    - total shown, hidden parts summing to less than the threshold → hide the smallest shown part
 *      too (total − shown parts would be a figure about fewer than `threshold` people);
 *    - total hidden, every part shown → hide the smallest part (the total would be their sum);
 *    - when there is no shown part left to hide, the total is hidden instead.
 *
 * Every step only adds cells to the hidden set, so it ends. The result: in every constraint, the
 * hidden cells are never exactly one, so no equation has a single unknown (see suppression.test.ts,
 * which also checks the whole system of equations by elimination).
 */

export const THRESHOLD = 10;

export interface Constraint {
  total: string;
  parts: readonly string[];
}

/** A published figure: the count, or null with `suppressed: true` when it is about too few people. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** The ids of the cells to hide. Cells that constraints name but `values` lacks count as zero. */
export function suppress(
  values: ReadonlyMap<string, number>,
  constraints: readonly Constraint[],
  threshold = THRESHOLD,
): Set<string> {
  const value = (id: string) => values.get(id) ?? 0;
  const hidden = new Set<string>();
  for (const [id, v] of values) if (v < threshold) hidden.add(id);
  for (const c of constraints) {
    if (value(c.total) < threshold) hidden.add(c.total);
    for (const p of c.parts) if (value(p) < threshold) hidden.add(p);
  }

  /** Hides the smallest shown part (ties broken by id, so the result is deterministic), or the total. */
  const hideNext = (c: Constraint) => {
    const shown = c.parts.filter((p) => !hidden.has(p));
    if (shown.length === 0) {
      hidden.add(c.total);
      return;
    }
    shown.sort((a, b) => value(a) - value(b) || (a < b ? -1 : a > b ? 1 : 0));
    hidden.add(shown[0]!);
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (const c of constraints) {
      const before = hidden.size;
      const hiddenParts = c.parts.filter((p) => hidden.has(p));
      if (!hidden.has(c.total)) {
        if (hiddenParts.length === 0) continue;
        const sum = hiddenParts.reduce((s, p) => s + value(p), 0);
        if (hiddenParts.length === 1 || sum < threshold) hideNext(c);
      } else if (hiddenParts.length === 0 && c.parts.length > 0) {
        hideNext(c);
      }
      if (hidden.size !== before) changed = true;
    }
  }
  return hidden;
}

/** Applies `suppress` and returns each cell as published. */
export function publishCells(
  values: ReadonlyMap<string, number>,
  constraints: readonly Constraint[],
  threshold = THRESHOLD,
): Map<string, Cell> {
  const hidden = suppress(values, constraints, threshold);
  const out = new Map<string, Cell>();
  const ids = new Set([...values.keys(), ...constraints.flatMap((c) => [c.total, ...c.parts])]);
  for (const id of ids) {
    out.set(
      id,
      hidden.has(id) ? { value: null, suppressed: true } : { value: values.get(id) ?? 0, suppressed: false },
    );
  }
  return out;
}

/** A share (0–1) of two published cells, hidden when either is. */
export function rate(part: Cell | undefined, whole: Cell | undefined): number | null {
  if (!part || !whole || part.value === null || whole.value === null || whole.value === 0) return null;
  return part.value / whole.value;
}
