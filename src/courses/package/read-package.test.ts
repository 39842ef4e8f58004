import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkPackage, formatProblems } from './check-cli.ts';
import { readPackage } from './read-package.ts';
import type { CoursePackage, Problem } from './types.ts';
import { writePackage } from './write-package.ts';

const root = new URL('../../../', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/courses/fixture-course');
const flagship = join(root, 'content/courses/ethics-of-ai-in-practice');

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-package-'));
  tempDirs.push(dir);
  return dir;
}

function copyFixture(): string {
  const dir = join(tempDir(), 'fixture-course');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** Replaces `from` (which must occur) with `to` in a package file; returns the 1-based line of `to`. */
function edit(dir: string, file: string, from: string, to: string): number {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  assert.ok(before.includes(from), `${file} contains ${JSON.stringify(from)}`);
  const after = before.replace(from, to);
  writeFileSync(path, after);
  return lineOf(after, to);
}

function lineOf(content: string, needle: string): number {
  const index = content.indexOf(needle);
  assert.ok(index >= 0, `found ${JSON.stringify(needle)}`);
  return content.slice(0, index).split('\n').length;
}

function fileLine(dir: string, file: string, needle: string): number {
  return lineOf(readFileSync(join(dir, file), 'utf8'), needle);
}

async function expectProblem(dir: string, expected: { file: string; line: number; message: RegExp }) {
  const { pkg, problems } = await readPackage(dir);
  assert.equal(pkg, null, 'a package with problems is not returned');
  const match = problems.find(
    (problem) =>
      problem.file === expected.file &&
      problem.line === expected.line &&
      expected.message.test(problem.message),
  );
  assert.ok(
    match,
    `expected ${expected.file}:${expected.line} ${expected.message}, got:\n${formatProblems(problems)}`,
  );
  return problems;
}

async function readClean(dir: string): Promise<CoursePackage> {
  const { pkg, problems } = await readPackage(dir);
  assert.deepEqual(problems, [], formatProblems(problems));
  assert.ok(pkg);
  return pkg;
}

test('the fixture course reads with no problems and the expected shape', async () => {
  const pkg = await readClean(fixture);
  assert.equal(pkg.slug, 'fixture-course');
  assert.deepEqual(pkg.languages, ['en', 'ko']);
  assert.equal(pkg.licence, 'CC-BY-SA-4.0', 'licence defaults');
  assert.equal(pkg.featured, false, 'featured defaults');
  assert.deepEqual(pkg.completion, { unitsPercent: 90, averageScorePercent: 70 }, 'completion defaults');
  assert.deepEqual(pkg.tracks, [
    {
      id: 'fixture-track',
      title: { en: 'Fixture track', ko: '픽스처 트랙' },
      modules: ['fixture-basics', 'fixture-practice'],
    },
  ]);
  assert.deepEqual(
    pkg.modules.map((module) => [module.id, module.units.map((unit) => unit.id)]),
    [
      ['fixture-basics', ['basics-intro', 'basics-choices']],
      ['fixture-practice', ['practice-case']],
    ],
  );
  const [basics, practice] = pkg.modules;
  assert.ok(basics && practice);
  assert.deepEqual(basics.glossary, [
    {
      id: 'fixture-term',
      term: { en: 'Fixture term', ko: '픽스처 용어' },
      definition: { en: 'A term defined for tests.', ko: '테스트용으로 정의한 용어입니다.' },
    },
  ]);
  assert.deepEqual(basics.references[0], {
    title: 'Recommendation on the Ethics of Artificial Intelligence',
    publisher: 'UNESCO',
    year: 2021,
    url: 'https://www.unesco.org/en/artificial-intelligence/recommendation-ethics',
  });
  assert.deepEqual(practice.values, [], 'module slug lists default to empty');
  assert.deepEqual(Object.keys(pkg.media), ['media/fixture-diagram.png']);
  assert.equal(
    Buffer.from(pkg.media['media/fixture-diagram.png'] ?? '', 'base64')
      .subarray(1, 4)
      .toString(),
    'PNG',
  );
});

test('units take their facts from the English file and keep each locale text', async () => {
  const pkg = await readClean(fixture);
  const [intro, choices] = pkg.modules[0]?.units ?? [];
  const caseUnit = pkg.modules[1]?.units[0];
  assert.ok(intro && choices && caseUnit);
  assert.deepEqual(
    { minutes: intro.minutes, kind: intro.kind, values: intro.values, policyAreas: intro.policyAreas },
    { minutes: 5, kind: 'lesson', values: ['human-rights-dignity'], policyAreas: [] },
  );
  assert.equal(caseUnit.kind, 'case-study');
  assert.equal(caseUnit.moduleId, 'fixture-practice');
  assert.deepEqual(choices.texts.ko, {
    title: '픽스처 선택',
    body: '## 선택\n\n[첫 단원](unit:basics-intro)으로 돌아갑니다.',
  });
  assert.match(intro.texts.en?.body ?? '', /^## A first section\n/);
});

test('the fixture covers every exercise type with its answer fields and defaults', async () => {
  const pkg = await readClean(fixture);
  const exercises = pkg.modules.flatMap((module) => module.units.flatMap((unit) => unit.exercises));
  assert.deepEqual(
    exercises.map((exercise) => exercise.type),
    ['single', 'multiple', 'truefalse', 'ordering', 'text', 'numeric', 'reflection'],
  );
  const byType = Object.fromEntries(exercises.map((exercise) => [exercise.type, exercise]));
  assert.deepEqual(
    [byType.single?.attempts, byType.single?.points, byType.multiple?.attempts, byType.multiple?.points],
    [0, 1, 2, 2],
  );
  assert.deepEqual(byType.single?.options?.[0], {
    id: 'a',
    text: { en: 'Right', ko: '맞음' },
    correct: true,
    feedback: { en: 'Yes.', ko: '네.' },
  });
  assert.equal(byType.truefalse?.answer, false);
  assert.deepEqual(
    byType.ordering?.options?.map((option) => option.id),
    ['first', 'second'],
  );
  assert.deepEqual(byType.text?.answers, { en: ['fixture'], ko: ['픽스처', 'fixture'] });
  assert.deepEqual([byType.numeric?.answer, byType.numeric?.tolerance], [2, 0.5]);
  assert.deepEqual(byType.reflection?.guidance, {
    en: 'A sentence is enough.',
    ko: '한 문장이면 충분합니다.',
  });
  assert.equal(byType.reflection?.explanation, undefined);
});

test('the flagship course reads with no problems', async () => {
  const pkg = await readClean(flagship);
  assert.equal(pkg.slug, 'ethics-of-ai-in-practice');
  assert.equal(pkg.modules.length, 10);
  for (const module of pkg.modules) assert.ok(module.principles.length > 0, module.id);
});

for (const [label, dir] of [
  ['fixture', fixture],
  ['flagship', flagship],
] as const) {
  test(`${label}: read → write → read gives an equal package`, async () => {
    const first = await readClean(dir);
    const out = join(tempDir(), first.slug);
    await writePackage(first, out);
    assert.deepStrictEqual(await readClean(out), first);
  });
}

test('an image without alt text is reported at its line', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/basics-intro.en.md';
  const line = edit(dir, file, '![A one-pixel fixture diagram](', '![](');
  await expectProblem(dir, { file, line, message: /^image media\/fixture-diagram\.png has no alt text/ });
});

test('a missing Korean unit file is reported where the unit is listed', async () => {
  const dir = copyFixture();
  rmSync(join(dir, 'modules/fixture-basics/basics-choices.ko.md'));
  const file = 'modules/fixture-basics/module.yaml';
  await expectProblem(dir, {
    file,
    line: fileLine(dir, file, 'units:'),
    message:
      /^unit "basics-choices" lacks its "ko" text: modules\/fixture-basics\/basics-choices\.ko\.md is missing$/,
  });
});

test('a missing translation names the field and the locale', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/module.yaml';
  const line = edit(
    dir,
    file,
    'definition: {en: "A term defined for tests.", ko: "테스트용으로 정의한 용어입니다."}',
    'definition: {en: "A term defined for tests."}',
  );
  await expectProblem(dir, { file, line, message: /^glossary\[0\]\.definition lacks "ko"$/ });
});

test('an unknown principle slug is reported', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/module.yaml';
  const line = edit(
    dir,
    file,
    'principles: [transparency-explainability]',
    'principles: [made-up-principle]',
  );
  await expectProblem(dir, {
    file,
    line,
    message: /^principles\[0\]: "made-up-principle" is not a principles slug of the UNESCO taxonomy$/,
  });
});

test('a duplicate exercise id is reported with where it was first used', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-practice/practice-case.exercises.yaml';
  const line = edit(dir, file, 'id: fixture-reflection', 'id: fixture-single');
  await expectProblem(dir, {
    file,
    line,
    message:
      /^exercise id "fixture-single" is already used at modules\/fixture-basics\/basics-intro\.exercises\.yaml:2$/,
  });
});

test('a single-choice exercise with two correct options is reported', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/basics-intro.exercises.yaml';
  edit(
    dir,
    file,
    'text: {en: "Wrong", ko: "틀림"}',
    'text: {en: "Wrong", ko: "틀림"}\n        correct: true',
  );
  await expectProblem(dir, {
    file,
    line: fileLine(dir, file, 'options:'),
    message: /^exercise "fixture-single" \(single\) has 2 options marked correct: it needs exactly one$/,
  });
});

test('a graded exercise without an explanation is reported', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/basics-choices.exercises.yaml';
  edit(dir, file, '    explanation: {en: "It is false.", ko: "거짓입니다."}\n', '');
  await expectProblem(dir, {
    file,
    line: fileLine(dir, file, '- id: fixture-truefalse'),
    message: /^exercises\[0\]\.explanation is missing$/,
  });
});

test('a YAML syntax error is reported at its line', async () => {
  const dir = copyFixture();
  const line = edit(dir, 'course.yaml', 'level: introductory', 'level: introductory: advanced');
  await expectProblem(dir, { file: 'course.yaml', line, message: /^YAML: / });
});

test('a unit: link to no unit is reported at its line', async () => {
  const dir = copyFixture();
  const file = 'modules/fixture-basics/basics-intro.en.md';
  const line = edit(dir, file, '(unit:basics-choices)', '(unit:no-such-unit)');
  await expectProblem(dir, {
    file,
    line,
    message: /^unit:no-such-unit does not match any unit id of the course$/,
  });
});

test('a module folder that no track lists is reported in course.yaml', async () => {
  const dir = copyFixture();
  mkdirSync(join(dir, 'modules/extra-module'));
  cpSync(join(dir, 'modules/fixture-practice/module.yaml'), join(dir, 'modules/extra-module/module.yaml'));
  await expectProblem(dir, {
    file: 'course.yaml',
    line: fileLine(dir, 'course.yaml', 'tracks:'),
    message: /^module folder modules\/extra-module is not listed in any track$/,
  });
});

test('every problem is reported, not only the first', async () => {
  const dir = copyFixture();
  edit(dir, 'modules/fixture-basics/basics-intro.en.md', '(glossary:fixture-term)', '(glossary:nothing)');
  edit(dir, 'modules/fixture-practice/practice-case.ko.md', 'minutes: 15', 'minutes: 20');
  edit(dir, 'modules/fixture-basics/basics-intro.exercises.yaml', 'attempts: 2', 'attempts: -1');
  writeFileSync(join(dir, 'modules/fixture-practice/practice-case.fr.md'), '---\nid: practice-case\n---\n');
  const unlisted = '---\nid: orphan\ntitle: Orphan\nminutes: 1\n---\n\nText.\n';
  writeFileSync(join(dir, 'modules/fixture-practice/orphan.en.md'), unlisted);
  const { problems } = await readPackage(dir);
  assert.deepEqual(formatProblems(problems).split('\n'), [
    'modules/fixture-basics/basics-intro.en.md:11: glossary:nothing does not match any glossary id of the course',
    'modules/fixture-basics/basics-intro.exercises.yaml:15: exercises[1].attempts must be a whole number of 0 or more',
    'modules/fixture-practice/module.yaml:8: modules/fixture-practice/orphan.en.md is not listed in units',
    'modules/fixture-practice/practice-case.fr.md:2: title is missing',
    'modules/fixture-practice/practice-case.ko.md:4: minutes 20 differs from the English file (15)',
  ]);
});

test('formatProblems sorts by file, then line', () => {
  const problems: Problem[] = [
    { file: 'b.yaml', line: 3, message: 'third' },
    { file: 'a.yaml', line: 10, message: 'second' },
    { file: 'a.yaml', line: 2, message: 'first' },
    { file: 'a.yaml', message: 'no line' },
  ];
  assert.equal(
    formatProblems(problems),
    'a.yaml: no line\na.yaml:2: first\na.yaml:10: second\nb.yaml:3: third',
  );
});

test('checkPackage says whether a package passed', async () => {
  assert.deepEqual(await checkPackage(fixture), { ok: true, output: `${fixture}: no problems found.` });
  const dir = copyFixture();
  rmSync(join(dir, 'course.yaml'));
  const result = await checkPackage(dir);
  assert.equal(result.ok, false);
  assert.match(result.output, /^course\.yaml: course\.yaml is missing/);
});
