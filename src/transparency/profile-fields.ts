import { text } from '../platform/http/form-body.ts';
import type { FieldErrors } from '../platform/views/form.tsx';

/**
 * The two opt-in questions of the account profile that feed the public statistics. Blank (not
 * answered) is the default; "prefer not to say" is stored as such and counted with the blanks.
 */
export const GENDERS = ['woman', 'man', 'non-binary', 'another'] as const;
export const SECTORS = [
  'public-sector',
  'private-sector',
  'academia',
  'civil-society',
  'education',
  'student',
  'international-organisation',
  'other',
] as const;
export const PREFER_NOT = 'prefer-not-to-say';

export interface StatisticsAnswers {
  gender: string | null;
  sector: string | null;
}

/** Reads and checks the two answers from a posted profile form ('' becomes null: not answered). */
export function readStatisticsAnswers(body: unknown): { values: StatisticsAnswers; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = (name: 'gender' | 'sector', allowed: readonly string[]) => {
    const value = text(body, name);
    if (!value) return null;
    if (value !== PREFER_NOT && !allowed.includes(value)) {
      errors[name] = 'transparency.profile.invalid';
      return null;
    }
    return value;
  };
  return { values: { gender: read('gender', GENDERS), sector: read('sector', SECTORS) }, errors };
}
