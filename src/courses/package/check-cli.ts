/**
 * Output of `course check`: one line per problem, `file:line: message`, in file order so that an
 * author can work through a package top to bottom.
 */
import { readPackage } from './read-package.ts';
import type { Problem } from './types.ts';

function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}

export function formatProblems(problems: Problem[]): string {
  return [...problems]
    .sort(compareProblems)
    .map(
      (problem) =>
        `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`,
    )
    .join('\n');
}

/** Checks a package folder: the text to print and whether the package passed. */
export async function checkPackage(dir: string): Promise<{ ok: boolean; output: string }> {
  const { problems } = await readPackage(dir);
  if (problems.length === 0) return { ok: true, output: `${dir}: no problems found.` };
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return { ok: false, output: `${formatProblems(problems)}\n\n${dir}: ${count}.` };
}
