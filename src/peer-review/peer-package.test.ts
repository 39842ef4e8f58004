import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { formatProblems } from '../courses/package/check-cli.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { writePackage } from '../courses/package/write-package.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const FILE = 'modules/fixture-practice/practice-case.peer.yaml';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'praxis-peer-')), 'fixture-course');
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function edit(dir: string, from: string, to: string): number {
  const path = join(dir, FILE);
  const before = readFileSync(path, 'utf8');
  assert.ok(before.includes(from), from);
  const text = before.replace(from, to);
  writeFileSync(path, text);
  return text.slice(0, text.indexOf(to)).split('\n').length;
}

async function problems(dir: string) {
  const result = await readPackage(dir);
  assert.equal(result.pkg, null);
  return formatProblems(result.problems);
}

test('a unit reads its peer assignment with defaults and rubric', async () => {
  const { pkg, problems: found } = await readPackage(FIXTURE);
  assert.deepEqual(found, []);
  const unit = pkg!.modules[1]!.units[0]!;
  assert.equal(unit.peer?.id, 'fixture-peer');
  assert.deepEqual(
    [
      unit.peer?.points,
      unit.peer?.reviewsPerLearner,
      unit.peer?.reviewsPerSubmission,
      unit.peer?.flexibleGradingDays,
    ],
    [1, 2, 2, 7],
  );
  assert.deepEqual(
    unit.peer?.rubric.map((c) => [c.id, c.levels.map((l) => l.points)]),
    [
      ['clarity', [0, 2]],
      ['evidence', [0, 1, 2]],
    ],
  );
  assert.equal(pkg!.modules[0]!.units[0]!.peer, undefined, 'units without a file have none');

  const dir = copy();
  for (const key of [
    'points: 1\n',
    'reviewsPerLearner: 2\n',
    'reviewsPerSubmission: 2\n',
    'flexibleGradingDays: 7\n',
  ])
    edit(dir, key, '');
  const defaults = (await readPackage(dir)).pkg!.modules[1]!.units[0]!.peer!;
  assert.deepEqual(
    [
      defaults.points,
      defaults.reviewsPerLearner,
      defaults.reviewsPerSubmission,
      defaults.flexibleGradingDays,
    ],
    [1, 3, 3, 7],
  );
});

test('course check reports peer assignment problems at their file and line', async () => {
  const dir = copy();
  const unknown = edit(dir, 'points: 1\n', 'points: 1\nweight: 3\n') + 1;
  const translation = edit(dir, 'title: {en: "Evidence", ko: "근거"}', 'title: {en: "Evidence"}');
  const count = edit(dir, 'reviewsPerLearner: 2', 'reviewsPerLearner: 0');
  const level = edit(dir, '- id: some', '- id: none # twice');
  const output = await problems(dir);
  assert.match(output, new RegExp(`${FILE}:${translation}: rubric\\[1\\]\\.title lacks "ko"`));
  assert.match(output, new RegExp(`${FILE}:${count}: reviewsPerLearner must be a whole number from 1 to 10`));
  assert.match(output, new RegExp(`${FILE}:${level}: level id "none" is used twice in criterion "evidence"`));
  assert.match(output, new RegExp(`${FILE}:${unknown}: the file has an unknown field "weight"`));

  const clash = copy();
  const line = edit(clash, 'id: fixture-peer', 'id: fixture-numeric');
  assert.match(
    await problems(clash),
    new RegExp(`${FILE}:${line}: exercise id "fixture-numeric" is already used at`),
    'a peer assignment shares the id space of exercises',
  );

  const orphan = copy();
  cpSync(join(orphan, FILE), join(orphan, 'modules/fixture-practice/nowhere.peer.yaml'));
  assert.match(
    await problems(orphan),
    /modules\/fixture-practice\/nowhere\.peer\.yaml is not listed in units/,
  );
});

test('read → write → read keeps the peer assignment', async () => {
  const { pkg } = await readPackage(FIXTURE);
  const out = join(mkdtempSync(join(tmpdir(), 'praxis-peer-out-')), 'fixture-course');
  dirs.push(out);
  await writePackage(pkg!, out);
  const again = await readPackage(out);
  assert.deepEqual(again.problems, []);
  assert.deepStrictEqual(again.pkg, pkg);
  assert.match(readFileSync(join(out, FILE), 'utf8'), /reviewsPerSubmission: 2/);
});

for (const engine of engines()) {
  describe(`peer assignments in stored course versions on ${engine}`, () => {
    test('import keeps the peer assignment exactly', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { pkg } = await readPackage(FIXTURE);
      await app.services.courses.importPackage(pkg!, { publish: true });
      const stored = await app.services.courses.version('fixture-course');
      assert.deepStrictEqual(stored?.pkg.modules[1]?.units[0]?.peer, pkg!.modules[1]!.units[0]!.peer);
      assert.equal((await app.services.courses.importPackage(pkg!)).status, 'unchanged');
    });
  });
}
