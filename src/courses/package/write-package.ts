/**
 * Writes a CoursePackage back as a package folder (docs/course-format.md), so that reading the
 * result gives an equal package. Files are created or overwritten; nothing already in `dir` is
 * removed, so export into an empty folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Document, isSeq } from 'yaml';
import type { CoursePackage, Exercise, ExerciseOption, Module, PeerAssignment, Unit } from './types.ts';

/** Short lists of ids and slugs read best on one line, as the format's own examples show them. */
function toYaml(value: unknown, flowLists: (string | number)[][] = []): string {
  const doc = new Document(value);
  for (const path of flowLists) {
    const node = doc.getIn(path, true);
    if (isSeq(node)) node.flow = true;
  }
  // lineWidth 0: long prose stays on one line instead of being folded at an arbitrary column.
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function courseYaml(pkg: CoursePackage): string {
  const course = {
    slug: pkg.slug,
    title: pkg.title,
    summary: pkg.summary,
    audience: pkg.audience,
    outcomes: pkg.outcomes,
    languages: pkg.languages,
    licence: pkg.licence,
    hours: pkg.hours,
    level: pkg.level,
    featured: pkg.featured,
    completion: pkg.completion,
    tracks: pkg.tracks,
  };
  return toYaml(course, [['languages'], ...pkg.tracks.map((_, index) => ['tracks', index, 'modules'])]);
}

function moduleYaml(module: Module): string {
  const data = {
    id: module.id,
    title: module.title,
    summary: module.summary,
    outcomes: module.outcomes,
    values: module.values,
    principles: module.principles,
    policyAreas: module.policyAreas,
    units: module.units.map((unit) => unit.id),
    glossary: module.glossary,
    references: module.references,
  };
  return toYaml(data, [['values'], ['principles'], ['policyAreas']]);
}

/** The English file carries the unit's facts; other locales only their id and title. */
function unitMarkdown(unit: Unit, locale: string, text: { title: string; body: string }): string {
  const facts =
    locale === 'en'
      ? {
          minutes: unit.minutes,
          kind: unit.kind,
          values: unit.values,
          principles: unit.principles,
          policyAreas: unit.policyAreas,
        }
      : {};
  const front = toYaml({ id: unit.id, title: text.title, ...facts }, [
    ['values'],
    ['principles'],
    ['policyAreas'],
  ]);
  return `---\n${front}---\n\n${text.body}\n`;
}

function optionData(option: ExerciseOption): Record<string, unknown> {
  return withoutUndefined({
    id: option.id,
    text: option.text,
    correct: option.correct,
    feedback: option.feedback,
  });
}

function exerciseData(exercise: Exercise): Record<string, unknown> {
  return withoutUndefined({
    id: exercise.id,
    type: exercise.type,
    // The defaults are left out, as authors write them.
    attempts: exercise.attempts === 0 ? undefined : exercise.attempts,
    points: exercise.points === 1 ? undefined : exercise.points,
    prompt: exercise.prompt,
    options: exercise.options?.map(optionData),
    answer: exercise.answer,
    tolerance: exercise.tolerance,
    answers: exercise.answers,
    explanation: exercise.explanation,
    guidance: exercise.guidance,
  });
}

function peerData(peer: PeerAssignment): Record<string, unknown> {
  return {
    id: peer.id,
    points: peer.points,
    reviewsPerLearner: peer.reviewsPerLearner,
    reviewsPerSubmission: peer.reviewsPerSubmission,
    flexibleGradingDays: peer.flexibleGradingDays,
    prompt: peer.prompt,
    rubric: peer.rubric,
  };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** Media keys come from stored data: refuse any that would land outside the package's media/. */
function mediaPath(dir: string, key: string): string {
  const normal = posix.normalize(key);
  if (!normal.startsWith('media/') || normal.split('/').includes('..') || posix.isAbsolute(normal)) {
    throw new Error(`Refusing to write media file outside media/: ${key}`);
  }
  return join(dir, ...normal.split('/'));
}

/** Ids and locales become file names: refuse anything that is not a plain name. */
function fileName(name: string): string {
  if (!/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(name))
    throw new Error(`Refusing to use "${name}" in a file name`);
  return name;
}

async function put(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function writeModule(module: Module, dir: string): Promise<void> {
  const folder = join(dir, 'modules', fileName(module.id));
  await put(join(folder, 'module.yaml'), moduleYaml(module));
  for (const unit of module.units) {
    for (const [locale, text] of Object.entries(unit.texts)) {
      await put(
        join(folder, `${fileName(unit.id)}.${fileName(locale)}.md`),
        unitMarkdown(unit, locale, text),
      );
    }
    if (unit.exercises.length > 0) {
      const exercises = toYaml({ exercises: unit.exercises.map(exerciseData) });
      await put(join(folder, `${fileName(unit.id)}.exercises.yaml`), exercises);
    }
    if (unit.peer) await put(join(folder, `${fileName(unit.id)}.peer.yaml`), toYaml(peerData(unit.peer)));
  }
}

export async function writePackage(pkg: CoursePackage, dir: string): Promise<void> {
  await put(join(dir, 'course.yaml'), courseYaml(pkg));
  for (const module of pkg.modules) await writeModule(module, dir);
  for (const [key, base64] of Object.entries(pkg.media)) {
    await put(mediaPath(dir, key), Buffer.from(base64, 'base64'));
  }
}
