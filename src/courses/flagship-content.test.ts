import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPackage } from './package/read-package.ts';
import taxonomy from './package/taxonomy.json' with { type: 'json' };

// The content lint for the bundled flagship course: it must stay complete in English and Korean,
// well-formed, mapped to the Recommendation, and readable.
const FLAGSHIP = join(import.meta.dirname, '../../content/courses/ethics-of-ai-in-practice');
/** Average words per sentence in each English unit stays under this (plain-language target). */
const MAX_AVERAGE_SENTENCE_WORDS = 20;
/** The declared study hours may differ from the units' summed minutes by at most this share. */
const HOURS_TOLERANCE = 0.15;

const { pkg, problems } = await readPackage(FLAGSHIP);

test('the flagship package passes course check with no problems', () => {
  assert.deepEqual(problems, []);
  assert.ok(pkg);
});

test(`the declared hours are within ${HOURS_TOLERANCE * 100} % of the units' summed minutes`, () => {
  // Unit minutes already include their exercises (docs/course-format.md), so they are the workload.
  const summed = pkg!.modules.flatMap((m) => m.units).reduce((n, u) => n + u.minutes, 0) / 60;
  assert.ok(
    Math.abs(pkg!.hours - summed) <= summed * HOURS_TOLERANCE,
    `course.yaml declares ${pkg!.hours} hours; the units add up to ${summed.toFixed(1)}`,
  );
});

test('the course ends with a peer-reviewed capstone', () => {
  const last = pkg!.modules.at(-1)!.units.at(-1)!;
  assert.ok(last.peer, `${last.id} carries a peer assignment`);
  assert.ok(last.peer.rubric.length >= 3, `${last.id}: the rubric has 3+ criteria`);
});

test('3 tracks and 10 modules, each with 3–5 units, a worked case, 6+ graded exercises and one reflection', () => {
  assert.deepEqual(
    pkg!.tracks.map((t) => t.id),
    taxonomy.courseBlueprint.tracks.map((t) => t.slug),
  );
  assert.equal(pkg!.modules.length, 10);
  for (const module of pkg!.modules) {
    assert.ok(
      module.units.length >= 3 && module.units.length <= 5,
      `${module.id}: ${module.units.length} units`,
    );
    assert.ok(
      module.units.some((u) => u.kind === 'case-study'),
      `${module.id} has a worked case`,
    );
    const exercises = module.units.flatMap((u) => u.exercises);
    assert.ok(
      exercises.filter((e) => e.type !== 'reflection').length >= 6,
      `${module.id} has 6+ graded exercises`,
    );
    assert.equal(
      exercises.filter((e) => e.type === 'reflection').length,
      1,
      `${module.id} has one reflection`,
    );
    assert.ok(module.principles.length >= 1, `${module.id} maps to a principle`);
    assert.ok(module.glossary.length >= 5, `${module.id} has a glossary`);
    assert.ok(module.references.length >= 1, `${module.id} has references`);
  }
});

test('every unit and exercise is complete in English and Korean', () => {
  for (const unit of pkg!.modules.flatMap((m) => m.units)) {
    for (const locale of ['en', 'ko']) {
      assert.ok(unit.texts[locale]?.body.trim(), `${unit.id}.${locale}.md`);
    }
    for (const exercise of unit.exercises) {
      assert.ok(exercise.prompt.en && exercise.prompt.ko, exercise.id);
      if (exercise.type !== 'reflection')
        assert.ok(exercise.explanation?.en && exercise.explanation.ko, exercise.id);
    }
  }
});

test('the implementation tools and public accountability reporting are taught', () => {
  const english = pkg!.modules.flatMap((m) => m.units.map((u) => u.texts.en!.body)).join('\n');
  assert.match(english, /Readiness Assessment Methodology/);
  assert.match(english, /Ethical Impact Assessment/);
  assert.match(english, /accountability report/i);
});

test(`English units average fewer than ${MAX_AVERAGE_SENTENCE_WORDS} words a sentence`, () => {
  for (const unit of pkg!.modules.flatMap((m) => m.units)) {
    const prose = unit.texts
      .en!.body.replace(/^\s*(#|:::|\||[-*]\s|\d+\.\s|\[\^).*$/gm, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const sentences = prose.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim().split(/\s+/).length > 1);
    const words = sentences.reduce((n, s) => n + s.trim().split(/\s+/).length, 0);
    const average = words / sentences.length;
    assert.ok(average < MAX_AVERAGE_SENTENCE_WORDS, `${unit.id}: ${average.toFixed(1)} words a sentence`);
  }
});

test('no invented web addresses: the text links only inside the course', () => {
  for (const unit of pkg!.modules.flatMap((m) => m.units)) {
    for (const locale of ['en', 'ko']) {
      assert.doesNotMatch(unit.texts[locale]!.body, /\]\(https?:/, `${unit.id}.${locale}`);
    }
  }
});
