import type { Exercise } from '../courses/package/types.ts';

/** What a learner sent for one exercise, read from the form. */
export type Answer =
  | { kind: 'choice'; selected: string[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'order'; positions: Record<string, number> }
  | { kind: 'text'; value: string };

export interface Grade {
  /** 0 to 1. */
  score: number;
  /** Option ids whose feedback the learner should see. */
  feedbackFor: string[];
}

export class AnswerError extends Error {}

/** Folds the differences that should not make an answer wrong: width, case, spacing, punctuation. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads a number as people write it: "1,5" and "1.5" both mean one and a half. */
export function parseNumber(value: string): number | null {
  const cleaned = value.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
}

/**
 * Grades an answer on the server. An answer that does not fit the exercise (an option of another
 * exercise, a missing position) is an AnswerError: a tampered form, not a wrong answer.
 */
export function grade(exercise: Exercise, answer: Answer): Grade {
  const options = exercise.options ?? [];
  const known = new Set(options.map((o) => o.id));
  switch (exercise.type) {
    case 'single': {
      if (answer.kind !== 'choice' || answer.selected.length !== 1 || !known.has(answer.selected[0]!)) {
        throw new AnswerError('choose one option');
      }
      const chosen = options.find((o) => o.id === answer.selected[0])!;
      return { score: chosen.correct ? 1 : 0, feedbackFor: [chosen.id] };
    }
    case 'multiple': {
      if (
        answer.kind !== 'choice' ||
        answer.selected.length === 0 ||
        answer.selected.some((id) => !known.has(id))
      ) {
        throw new AnswerError('choose at least one option');
      }
      const selected = new Set(answer.selected);
      const right = options.filter((o) => Boolean(o.correct) === selected.has(o.id)).length;
      return {
        score: right / options.length,
        feedbackFor: options.filter((o) => selected.has(o.id)).map((o) => o.id),
      };
    }
    case 'truefalse': {
      if (answer.kind !== 'boolean') throw new AnswerError('choose true or false');
      return { score: answer.value === exercise.answer ? 1 : 0, feedbackFor: [] };
    }
    case 'ordering': {
      if (answer.kind !== 'order') throw new AnswerError('give every item a position');
      const positions = options.map((o) => answer.positions[o.id]);
      const valid = positions.every((p) => Number.isInteger(p) && p! >= 1 && p! <= options.length);
      if (
        !valid ||
        new Set(positions).size !== options.length ||
        Object.keys(answer.positions).some((id) => !known.has(id))
      ) {
        throw new AnswerError('give every item a different position');
      }
      const inPlace = options.filter((o, index) => answer.positions[o.id] === index + 1).length;
      return { score: inPlace / options.length, feedbackFor: [] };
    }
    case 'text': {
      if (answer.kind !== 'text' || !answer.value.trim()) throw new AnswerError('write an answer');
      const given = normalizeText(answer.value);
      // Accepted in any of the course's languages: a learner may answer in the language they think in.
      const accepted = Object.values(exercise.answers ?? {})
        .flat()
        .map(normalizeText);
      return { score: accepted.includes(given) ? 1 : 0, feedbackFor: [] };
    }
    case 'numeric': {
      const value = answer.kind === 'text' ? parseNumber(answer.value) : null;
      if (value === null) throw new AnswerError('write a number');
      const target = Number(exercise.answer);
      return { score: Math.abs(value - target) <= (exercise.tolerance ?? 0) + 1e-9 ? 1 : 0, feedbackFor: [] };
    }
    case 'reflection':
      throw new AnswerError('reflections are saved, not graded');
  }
}

/** Reads a posted form into the answer shape the exercise expects. */
export function readAnswer(exercise: Exercise, body: Record<string, unknown>): Answer {
  const values = (name: string): string[] => {
    const v = body[name];
    return typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.filter((x): x is string => typeof x === 'string')
        : [];
  };
  switch (exercise.type) {
    case 'single':
    case 'multiple':
      return { kind: 'choice', selected: values('option') };
    case 'truefalse': {
      const [v] = values('value');
      if (v !== 'true' && v !== 'false') throw new AnswerError('choose true or false');
      return { kind: 'boolean', value: v === 'true' };
    }
    case 'ordering': {
      const positions: Record<string, number> = {};
      for (const option of exercise.options ?? [])
        positions[option.id] = Number(values(`position-${option.id}`)[0]);
      return { kind: 'order', positions };
    }
    default:
      return { kind: 'text', value: (values('value')[0] ?? '').slice(0, 2000) };
  }
}

/**
 * A stable shuffle for ordering exercises: the same for every learner and page load (so a page reload
 * does not reshuffle under them), and never the correct order itself.
 */
export function displayOrder<T extends { id: string }>(exerciseId: string, options: T[]): T[] {
  let seed = 0;
  for (const ch of exerciseId) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const shuffled = [...options];
  for (let i = shuffled.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  if (shuffled.length > 1 && shuffled.every((o, i) => o.id === options[i]!.id))
    shuffled.push(shuffled.shift()!);
  return shuffled;
}
