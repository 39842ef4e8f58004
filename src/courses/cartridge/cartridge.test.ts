// The course as an IMS Common Cartridge 1.1. Structure, answers and pages are checked on the archive
// itself; the manifest and the QTI files are validated against the CC 1.1 schemas (shared/reference)
// with xmllint (libxml2-utils), which CI installs. Without xmllint those checks are skipped with a
// plain message, unless PRAXIS_REQUIRE_ALL=1, where they fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { agentWithRoles } from '../../../test/support/agent.ts';
import { buildTestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { parseNumber } from '../../learning/grading.ts';
import type { CourseVersion } from '../course-store.ts';
import { readPackage } from '../package/read-package.ts';
import type { CoursePackage, Exercise } from '../package/types.ts';
import { buildCartridge, embeddedCases } from './build-cartridge.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/courses/fixture-course');
const FLAGSHIP = join(ROOT, 'content/courses/ethics-of-ai-in-practice');
// The IMS schemas travel with the repository (copied from shared/reference), so CI needs no network.
const SCHEMAS = [process.env.PRAXIS_CC_SCHEMAS, join(ROOT, 'test/fixtures/common-cartridge-1.1')].find(
  (dir): dir is string => !!dir && existsSync(join(dir, 'ccv1p1_imscp_v1p2_v1p0.xsd')),
);
const MANIFEST_XSD = SCHEMAS && join(SCHEMAS, 'ccv1p1_imscp_v1p2_v1p0.xsd');
const QTI_XSD = SCHEMAS && join(SCHEMAS, 'ccv1p1_qtiasiv1p2p1_v1p0.xsd');

const haveXmllint = spawnSync('xmllint', ['--version']).error === undefined;
const missing = [
  haveXmllint ? null : 'xmllint is not installed (apt-get install libxml2-utils)',
  SCHEMAS ? null : 'the CC 1.1 schemas are not in test/fixtures/common-cartridge-1.1 (or PRAXIS_CC_SCHEMAS)',
].filter((m): m is string => m !== null);
const schemaTests =
  missing.length && process.env.PRAXIS_REQUIRE_ALL !== '1'
    ? { skip: `schema validation skipped: ${missing.join('; ')}` }
    : {};

async function load(dir: string): Promise<CoursePackage> {
  const { pkg, problems } = await readPackage(dir);
  assert.deepEqual(problems, []);
  return pkg!;
}

function version(pkg: CoursePackage, number = 1): CourseVersion {
  return { id: `test-${pkg.slug}-${number}`, slug: pkg.slug, number, publishedAt: null, pkg };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Unzips a cartridge: file path → text (media as bytes are not needed by these tests). */
function unzip(bytes: Uint8Array): Map<string, string> {
  return new Map(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, text(data)]));
}

function attributes(xml: string, tag: string, name: string): string[] {
  const found: string[] = [];
  for (const element of xml.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))) {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(element[0])?.[1];
    if (value !== undefined) found.push(value);
  }
  return found;
}

/** The <item> of an exercise in a QTI file. */
function qtiItem(qti: string, exerciseId: string): string {
  const start = qti.indexOf(`<item ident="q_${exerciseId}"`);
  assert.ok(start >= 0, `no QTI item for ${exerciseId}`);
  return qti.slice(start, qti.indexOf('</item>', start));
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The conditions that set SCORE to 100. */
function scoringConditions(item: string): string[] {
  return [...item.matchAll(/<respcondition[^>]*>([\s\S]*?)<\/respcondition>/g)]
    .map((m) => m[1]!)
    .filter((body) => /<setvar varname="SCORE" action="Set">100<\/setvar>/.test(body));
}

/** The choices (or typed answers) the condition that sets SCORE to 100 requires (not those it excludes). */
function correctChoices(item: string): string[] {
  const scoring = scoringConditions(item);
  assert.equal(scoring.length >= 1, true, 'a scoring condition');
  return scoring.flatMap((body) =>
    [...body.replace(/<not>[\s\S]*?<\/not>/g, '').matchAll(/<varequal[^>]*>([^<]*)<\/varequal>/g)].map((m) =>
      unescapeXml(m[1]!),
    ),
  );
}

/**
 * A fill-in item's accepted answers: all in the one condition that scores (where Moodle's importer reads
 * them), none of them case-sensitive, as Praxis ignores case.
 */
function acceptedAnswers(item: string): string[] {
  const scoring = scoringConditions(item);
  assert.equal(scoring.length, 1, 'one scoring condition');
  assert.doesNotMatch(scoring[0]!, /case="Yes"/, 'typed answers are matched ignoring case');
  return correctChoices(item);
}

/** A case-insensitive set, as the varequal tests compare. */
const folded = (answers: string[]) => [...new Set(answers.map((a) => a.trim().toLowerCase()))].sort();

function expectedChoices(exercise: Exercise): string[] {
  if (exercise.type === 'truefalse') return [String(exercise.answer)];
  return (exercise.options ?? []).filter((o) => o.correct).map((o) => o.id);
}

const CHOICE_TYPES = new Set(['single', 'multiple', 'truefalse']);
/** Every type but ordering, which CC 1.1 has no question profile for. */
const QUIZ_TYPES = new Set([...CHOICE_TYPES, 'text', 'numeric', 'reflection']);
const PROFILES: Record<string, string> = {
  single: 'cc.multiple_choice.v0p1',
  multiple: 'cc.multiple_response.v0p1',
  truefalse: 'cc.true_false.v0p1',
  text: 'cc.fib.v0p1',
  numeric: 'cc.fib.v0p1',
  reflection: 'cc.essay.v0p1',
};

/** What the quiz item of an exercise holds, by type: the profile, and the answers the package accepts. */
function checkItem(exercise: Exercise, item: string, locale: string) {
  const profile = PROFILES[exercise.type]!;
  assert.ok(item.includes(`<fieldentry>${profile}</fieldentry>`), `${exercise.id} is ${profile}`);
  if (CHOICE_TYPES.has(exercise.type)) {
    assert.deepEqual(correctChoices(item).sort(), expectedChoices(exercise).sort(), exercise.id);
    assert.match(item, /<itemfeedback ident="fb_general">/, `${exercise.id} explains its answer`);
    return;
  }
  if (exercise.type === 'reflection') {
    assert.match(item, /<response_str ident="response1" rcardinality="Single">\s*<render_fib [^>]*rows="6"/);
    assert.doesNotMatch(item, /<setvar/, `${exercise.id} is not scored`);
    assert.match(item, /<fieldlabel>cc_weighting<\/fieldlabel>\s*<fieldentry>0<\/fieldentry>/);
    const guidance = exercise.guidance?.[locale];
    if (guidance) {
      const feedback = /<itemfeedback ident="fb_general">[\s\S]*?<\/itemfeedback>/.exec(item)?.[0] ?? '';
      assert.ok(feedback.includes(htmlInXml(guidance)), `${exercise.id} gives its guidance as feedback`);
    }
    return;
  }
  assert.match(item, /<response_str ident="response1" rcardinality="Single">\s*<render_fib [^>]*rows="1"/);
  assert.match(item, /<itemfeedback ident="fb_general">/, `${exercise.id} explains its answer`);
  const accepted = acceptedAnswers(item);
  if (exercise.type === 'text') {
    // Praxis accepts the answers of every language of the course, whatever the learner's.
    assert.deepEqual(folded(accepted), folded(Object.values(exercise.answers ?? {}).flat()), exercise.id);
    return;
  }
  const answer = exercise.answer as number;
  assert.ok(accepted.includes(String(answer)), `${exercise.id} accepts ${answer}`);
  for (const written of accepted) assert.equal(parseNumber(written), answer, `${exercise.id}: ${written}`);
  if ((exercise.tolerance ?? 0) > 0) {
    const round = (n: number) => String(Number(n.toPrecision(12)));
    const range = [round(answer - exercise.tolerance!), round(answer + exercise.tolerance!)];
    const feedback = /<itemfeedback ident="fb_general">[\s\S]*?<\/itemfeedback>/.exec(item)![0];
    for (const bound of range) assert.ok(feedback.includes(bound), `${exercise.id} says ${bound} is right`);
  }
}

/** Plain text as it appears in a mattext: escaped for HTML, then for XML. */
const htmlInXml = (text: string) =>
  text
    .replace(/&/g, '&amp;amp;')
    .replace(/</g, '&amp;lt;')
    .replace(/>/g, '&amp;gt;')
    .replace(/"/g, '&amp;quot;');

/** The structural checks every cartridge passes, whatever the course. */
function checkStructure(pkg: CoursePackage, files: Map<string, string>, locale: string) {
  assert.equal([...files.keys()][0], 'imsmanifest.xml', 'the manifest comes first');
  const manifest = files.get('imsmanifest.xml')!;
  assert.match(
    manifest,
    /<manifest identifier="[^"]+" xmlns="http:\/\/www\.imsglobal\.org\/xsd\/imsccv1p1\/imscp_v1p1"/,
  );
  assert.match(manifest, /<schemaversion>1\.1\.0<\/schemaversion>/);

  const resourceIds = new Set(attributes(manifest, 'resource', 'identifier'));
  for (const href of [...attributes(manifest, 'resource', 'href'), ...attributes(manifest, 'file', 'href')]) {
    assert.ok(files.has(decodeURIComponent(href)), `${href} is in the archive`);
  }
  for (const ref of [
    ...attributes(manifest, 'item', 'identifierref'),
    ...attributes(manifest, 'dependency', 'identifierref'),
  ]) {
    assert.ok(resourceIds.has(ref), `${ref} is a resource`);
  }

  for (const module of pkg.modules) {
    assert.ok(manifest.includes(`<item identifier="item_module_${module.id}">`), `module ${module.id}`);
    for (const unit of module.units) {
      const page = files.get(`units/${unit.id}.html`);
      assert.ok(page, `unit ${unit.id} has a web content file`);
      assert.match(page, /^<!DOCTYPE html>\n<html lang="[^"]+" dir="(ltr|rtl)">/);
      const title = (unit.texts[locale] ?? unit.texts.en)!.title;
      assert.ok(page.includes(`<h1>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</h1>`), unit.id);
      assert.doesNotMatch(page, /<script|\sstyle=|\son[a-z]+=/i, 'no scripts or styles from the content');
      assert.ok(
        manifest.includes(`<item identifier="item_unit_${unit.id}" identifierref="res_unit_${unit.id}">`),
      );

      const inQuiz = unit.exercises.filter((e) => QUIZ_TYPES.has(e.type));
      const qti = files.get(`assessments/${unit.id}/assessment.xml`);
      assert.equal(
        qti !== undefined,
        inQuiz.length > 0,
        `${unit.id} has a quiz exactly when it has exercises other than ordering`,
      );
      for (const exercise of inQuiz) {
        checkItem(exercise, qtiItem(qti!, exercise.id), locale);
        assert.ok(!page.includes(`id="exercise-${exercise.id}"`), `${exercise.id} is not described again`);
      }
      for (const exercise of unit.exercises.filter((e) => !QUIZ_TYPES.has(e.type))) {
        assert.ok(page.includes(`<li id="exercise-${exercise.id}">`), `${exercise.id} is described`);
        assert.ok(!qti?.includes(`q_${exercise.id}"`), `${exercise.id} is not a QTI item`);
      }
    }
  }
}

/** Validates XML files with xmllint (never from the network); returns its complaints. */
function xmllint(files: Map<string, string>, paths: string[], schema?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-imscc-'));
  try {
    for (const path of paths) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), files.get(path)!);
    }
    const args = ['--nonet', '--noout', ...(schema ? ['--schema', schema] : []), ...paths];
    const run = spawnSync('xmllint', args, { cwd: dir, encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run: ${run.error.message}`);
    return run.status === 0 ? '' : run.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function validate(files: Map<string, string>) {
  const qti = [...files.keys()].filter((p) => p.startsWith('assessments/'));
  const pages = [...files.keys()].filter((p) => p.endsWith('.html'));
  assert.equal(xmllint(files, ['imsmanifest.xml'], MANIFEST_XSD), '', 'the manifest is valid CC 1.1');
  assert.ok(qti.length > 0);
  assert.equal(xmllint(files, qti, QTI_XSD), '', 'every assessment is valid CC 1.1 QTI');
  // The pages are well-formed as XML, which is stricter than HTML's parser.
  assert.equal(xmllint(files, pages), '', 'every page is well-formed');
}

describe('IMS Common Cartridge export', () => {
  test('the fixture course: organization, resources, unit pages and its questions with their answers', async () => {
    const pkg = await load(FIXTURE);
    const cartridge = buildCartridge({ course: version(pkg), locale: 'en', publicUrl: 'http://praxis.test' });
    assert.equal(cartridge.filename, 'fixture-course-v1-en.imscc');
    const files = unzip(cartridge.bytes);
    checkStructure(pkg, files, 'en');

    const manifest = files.get('imsmanifest.xml')!;
    assert.match(
      manifest,
      /<lomimscc:title>\s*<lomimscc:string language="en">Fixture course<\/lomimscc:string>/,
    );
    assert.match(manifest, /<lomimscc:language>en<\/lomimscc:language>/);
    assert.match(manifest, /<lomimscc:string language="en">A small course for tests\.<\/lomimscc:string>/);
    assert.match(manifest, /CC-BY-SA-4\.0 https:\/\/creativecommons\.org\/licenses\/by-sa\/4\.0\//);
    // module → unit, in the course's order, each unit followed by its quiz.
    const order = attributes(manifest, 'item', 'identifier');
    assert.deepEqual(order, [
      'root',
      'item_module_fixture-basics',
      'item_unit_basics-intro',
      'item_quiz_basics-intro',
      'item_unit_basics-choices',
      'item_quiz_basics-choices',
      'item_module_fixture-practice',
      'item_unit_practice-case',
      'item_quiz_practice-case',
    ]);
    assert.ok(files.has('media/fixture-diagram.png'));
    assert.match(
      manifest,
      /<resource identifier="res_unit_basics-intro" type="webcontent" href="units\/basics-intro\.html">\s*<file href="units\/basics-intro\.html"\/>\s*<dependency identifierref="res_media_1"\/>/,
    );
    assert.match(
      manifest,
      /<resource identifier="res_quiz_basics-intro" type="imsqti_xmlv1p2\/imscc_xmlv1p1\/assessment">\s*<file href="assessments\/basics-intro\/assessment\.xml"\/>/,
    );

    const intro = files.get('units/basics-intro.html')!;
    assert.match(intro, /<html lang="en" dir="ltr">/);
    assert.match(intro, /<a href="basics-choices\.html">next unit<\/a>/, 'unit links are relative');
    assert.match(
      intro,
      /<a href="practice-case\.html">practice module<\/a>/,
      'module links open its first unit',
    );
    assert.match(intro, /<img src="\.\.\/media\/fixture-diagram\.png" alt="A one-pixel fixture diagram"/);
    assert.match(intro, /<a href="#glossary-fixture-term" class="glossary-term">/);
    assert.match(
      intro,
      /<dt id="glossary-fixture-term">Fixture term<\/dt><dd>A term defined for tests\.<\/dd>/,
    );
    assert.match(intro, /<aside class="callout callout-note" aria-label="Note">/);
    assert.match(intro, /The questions of this unit are in the quiz “Fixture introduction: questions”\./);
    assert.match(intro, /rel="next">Fixture choices<\/a>/);
    assert.match(intro, /href="http:\/\/praxis\.test\/en\/courses\/fixture-course\/units\/basics-intro"/);

    const qti = files.get('assessments/basics-intro/assessment.xml')!;
    assert.match(qti, /<fieldlabel>cc_maxattempts<\/fieldlabel>\s*<fieldentry>2<\/fieldentry>/);
    const single = qtiItem(qti, 'fixture-single');
    assert.match(single, /<response_lid ident="response1" rcardinality="Single">/);
    assert.match(single, /<mattext texttype="text\/html">Right<\/mattext>/);
    assert.match(single, /<itemfeedback ident="fb_option_a">[\s\S]*Yes\.[\s\S]*<\/itemfeedback>/);
    assert.match(single, /<itemfeedback ident="fb_general">[\s\S]*A is right\./);
    const multiple = qtiItem(qti, 'fixture-multiple');
    assert.match(multiple, /rcardinality="Multiple"/);
    assert.match(multiple, /<not>\s*<varequal respident="response1" case="Yes">c<\/varequal>\s*<\/not>/);
    assert.match(multiple, /<fieldlabel>cc_weighting<\/fieldlabel>\s*<fieldentry>2<\/fieldentry>/);
    const truefalse = qtiItem(files.get('assessments/basics-choices/assessment.xml')!, 'fixture-truefalse');
    assert.match(truefalse, /<response_label ident="true">[\s\S]*True[\s\S]*<response_label ident="false">/);

    const choices = files.get('units/basics-choices.html')!;
    assert.match(
      choices,
      /in the quiz “Fixture choices: questions”, except the ones below, which you answer on the course website\./,
    );
    assert.match(
      choices,
      /Put the items in order[\s\S]*Put in order\.<\/p><ul><li>Second<\/li><li>First<\/li><\/ul>[\s\S]*Answer it on the course website/,
    );
    assert.doesNotMatch(choices, /Short answer|Name the fixture/, 'the short answer is in the quiz');
    assert.doesNotMatch(choices, /fixture<\/li>/, 'accepted text answers are not given away');
    const practice = files.get('units/practice-case.html')!;
    assert.doesNotMatch(practice, /How many modules|What did you learn/, 'both are in the quiz');

    const text = qtiItem(files.get('assessments/basics-choices/assessment.xml')!, 'fixture-text');
    assert.match(
      text,
      /<conditionvar>\s*<varequal respident="response1" case="No">fixture<\/varequal>\s*<varequal respident="response1" case="No">픽스처<\/varequal>\s*<\/conditionvar>\s*<setvar varname="SCORE" action="Set">100<\/setvar>/,
      'the accepted answers of every language, the cartridge’s first',
    );
    assert.match(text, /<itemfeedback ident="fb_general">[\s\S]*It is the fixture\./);
    const quiz = files.get('assessments/practice-case/assessment.xml')!;
    const numeric = qtiItem(quiz, 'fixture-numeric');
    assert.match(numeric, /<fieldentry>cc\.fib\.v0p1<\/fieldentry>/);
    assert.match(numeric, /<varequal respident="response1" case="No">2<\/varequal>\s*<\/conditionvar>/);
    assert.match(
      numeric,
      /<mattext texttype="text\/html">&lt;p&gt;There are two\.&lt;\/p&gt;&lt;p&gt;Any answer from 1\.5 to 2\.5 counts as correct\.&lt;\/p&gt;<\/mattext>/,
    );
    const reflection = qtiItem(quiz, 'fixture-reflection');
    assert.match(reflection, /<fieldentry>cc\.essay\.v0p1<\/fieldentry>/);
    assert.match(reflection, /<fieldlabel>qmd_computerscored<\/fieldlabel>\s*<fieldentry>No<\/fieldentry>/);
    assert.match(
      reflection,
      /<presentation>\s*<material>\s*<mattext texttype="text\/html">&lt;p&gt;What did you learn\?&lt;\/p&gt;&lt;p&gt;Guidance: A sentence is enough\.&lt;\/p&gt;<\/mattext>/,
      'the guidance shows under the prompt, as on Praxis',
    );
    assert.match(reflection, /<render_fib fibtype="String" prompt="Box" rows="6"\/>/);
    assert.match(
      reflection,
      /<itemfeedback ident="fb_general">[\s\S]*Guidance: A sentence is enough\.[\s\S]*<\/itemfeedback>/,
    );
    assert.match(
      practice,
      /<video controls="controls" preload="none" src="https:\/\/example\.org\/fixture\.mp4">/,
    );
    assert.match(practice, /This practice case will appear here|Fixture case/);

    const again = buildCartridge({ course: version(pkg), locale: 'en', publicUrl: 'http://praxis.test' });
    assert.deepEqual(again.bytes, cartridge.bytes, 'the same version gives the same bytes');
  });

  test('a reflection is saved, not graded: its attempts do not limit the quiz', async () => {
    const pkg = structuredClone(await load(FIXTURE));
    const exercises = pkg.modules[1]!.units[0]!.exercises;
    exercises.find((e) => e.type === 'reflection')!.attempts = 1;
    const maxAttempts = () =>
      /<fieldlabel>cc_maxattempts<\/fieldlabel>\s*<fieldentry>([^<]*)<\/fieldentry>/.exec(
        unzip(
          buildCartridge({ course: version(pkg), locale: 'en', publicUrl: 'http://praxis.test' }).bytes,
        ).get('assessments/practice-case/assessment.xml')!,
      )?.[1];
    assert.equal(maxAttempts(), 'unlimited');
    exercises.find((e) => e.type === 'numeric')!.attempts = 3;
    assert.equal(maxAttempts(), '3');
  });

  test('another language of the course: its texts, labels and direction', async () => {
    const pkg = await load(FIXTURE);
    const files = unzip(
      buildCartridge({ course: version(pkg), locale: 'ko', publicUrl: 'http://praxis.test' }).bytes,
    );
    checkStructure(pkg, files, 'ko');
    assert.match(
      files.get('imsmanifest.xml')!,
      /<lomimscc:string language="ko">픽스처 과정<\/lomimscc:string>/,
    );
    assert.match(
      files.get('units/basics-intro.html')!,
      /<html lang="ko" dir="ltr">[\s\S]*<h1>픽스처 소개<\/h1>/,
    );
    assert.match(files.get('assessments/basics-intro/assessment.xml')!, /하나를 고르세요\./);
    assert.match(
      files.get('assessments/basics-choices/assessment.xml')!,
      /<response_label ident="true">[\s\S]*참/,
    );
    assert.match(
      files.get('assessments/basics-choices/assessment.xml')!,
      /<varequal respident="response1" case="No">픽스처<\/varequal>\s*<varequal respident="response1" case="No">fixture<\/varequal>\s*<\/conditionvar>/,
      'the cartridge’s language first, each answer once',
    );
    const practice = files.get('assessments/practice-case/assessment.xml')!;
    assert.match(practice, /1\.5부터 2\.5까지의 답은 모두 정답으로 인정됩니다\./);
    assert.match(practice, /안내: 한 문장이면 충분합니다\./);

    const arabic = structuredClone(pkg);
    arabic.languages = ['en', 'ar'];
    for (const unit of arabic.modules.flatMap((m) => m.units)) unit.texts.ar = { ...unit.texts.en! };
    const rtl = unzip(
      buildCartridge({ course: version(arabic), locale: 'ar', publicUrl: 'http://praxis.test' }).bytes,
    );
    assert.match(rtl.get('units/basics-intro.html')!, /<html lang="ar" dir="rtl">/);
  });

  test('course text cannot change the structure of the XML', async () => {
    const pkg = structuredClone(await load(FIXTURE));
    pkg.title.en = 'A <b>bold</b> & "quoted" course\u0001';
    const exercise = pkg.modules[0]!.units[0]!.exercises[0]!;
    exercise.prompt.en = 'Which is </mattext></material> <script>alert(1)</script>?';
    const files = unzip(
      buildCartridge({ course: version(pkg), locale: 'en', publicUrl: 'http://praxis.test' }).bytes,
    );
    checkStructure(pkg, files, 'en');
    assert.match(files.get('imsmanifest.xml')!, /A &lt;b&gt;bold&lt;\/b&gt; &amp; "quoted" course</);
    // HTML-escaped for the mattext, then XML-escaped.
    assert.match(files.get('assessments/basics-intro/assessment.xml')!, /Which is &amp;lt;\/mattext&amp;gt;/);
    // An accepted answer is compared as it is, so it is only XML-escaped.
    const text = pkg.modules[0]!.units[1]!.exercises.find((e) => e.id === 'fixture-text')!;
    text.answers!.en = ['a </varequal> & b'];
    const again = unzip(
      buildCartridge({ course: version(pkg), locale: 'en', publicUrl: 'http://praxis.test' }).bytes,
    );
    checkStructure(pkg, again, 'en');
    assert.match(
      again.get('assessments/basics-choices/assessment.xml')!,
      /case="No">a &lt;\/varequal&gt; &amp; b<\/varequal>/,
    );
  });

  test('practice cases the units embed: shown once published, linked to the case library', async () => {
    const pkg = structuredClone(await load(FIXTURE));
    pkg.modules[1]!.units[0]!.texts.en!.body += '\n```case\npublished-case\n```\n\n```case\nnot-yet\n```\n';
    const findCase = async (id: string) =>
      id === 'published-case' ? { title: 'A published case', summary: 'What they did.' } : null;
    const course = version(pkg);
    const cases = await embeddedCases({ findCase, publicUrl: 'https://praxis.example/' }, course, 'en');
    assert.deepEqual([...cases.keys()], ['published-case']);
    const page = unzip(
      buildCartridge({ course, locale: 'en', publicUrl: 'https://praxis.example', cases }).bytes,
    ).get('units/practice-case.html')!;
    assert.match(
      page,
      /<a href="https:\/\/praxis\.example\/en\/cases\/published-case">A published case<\/a>/,
    );
    assert.match(page, /This practice case will appear here once it is published/);
  });

  test('the flagship course: every unit, and every exercise in the quiz with its answers', async () => {
    const pkg = await load(FLAGSHIP);
    for (const locale of pkg.languages) {
      const files = unzip(
        buildCartridge({ course: version(pkg), locale, publicUrl: 'http://praxis.test' }).bytes,
      );
      checkStructure(pkg, files, locale);
      const units = pkg.modules.flatMap((m) => m.units);
      assert.equal([...files.keys()].filter((p) => p.startsWith('units/')).length, units.length);
    }
  });

  test(
    'the manifests and assessments are valid against the CC 1.1 schemas; pages are well-formed',
    schemaTests,
    async () => {
      for (const dir of [FIXTURE, FLAGSHIP]) {
        const pkg = await load(dir);
        for (const locale of pkg.languages) {
          validate(
            unzip(buildCartridge({ course: version(pkg), locale, publicUrl: 'http://praxis.test' }).bytes),
          );
        }
      }
    },
  );
});

for (const engine of engines()) {
  describe(`IMS Common Cartridge download on ${engine}`, () => {
    test('published courses download for everyone; unpublished versions only for authors', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { courses } = app.services;
      const pkg = await load(FIXTURE);
      await courses.importPackage(pkg, { publish: true });
      const draft = structuredClone(pkg);
      draft.title.en = 'Fixture course draft';
      await courses.importPackage(draft);
      const hidden = structuredClone(pkg);
      hidden.slug = 'hidden-course';
      await courses.importPackage(hidden);

      const response = await app.inject('/en/courses/fixture-course/export.imscc');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/vnd.ims.imsccv1p1');
      assert.equal(
        response.headers['content-disposition'],
        'attachment; filename="fixture-course-v1-en.imscc"',
      );
      const files = unzip(response.rawPayload);
      checkStructure(pkg, files, 'en');

      const korean = await app.inject('/ko/courses/fixture-course/export.imscc?locale=ko');
      assert.equal(korean.statusCode, 200);
      assert.equal(
        korean.headers['content-disposition'],
        'attachment; filename="fixture-course-v1-ko.imscc"',
      );
      assert.match(
        unzip(korean.rawPayload).get('imsmanifest.xml')!,
        /<lomimscc:language>ko<\/lomimscc:language>/,
      );
      assert.equal((await app.inject('/en/courses/fixture-course/export.imscc?locale=fr')).statusCode, 404);
      assert.equal((await app.inject('/en/courses/no-such-course/export.imscc')).statusCode, 404);
      assert.equal(
        (await app.inject('/en/courses/hidden-course/export.imscc')).statusCode,
        404,
        'never published',
      );

      const page = await app.inject('/ko/courses/fixture-course');
      assert.match(page.body, /href="\/ko\/courses\/fixture-course\/export\.imscc\?locale=en"/);
      assert.match(page.body, /href="\/ko\/courses\/fixture-course\/export\.imscc\?locale=ko"/);
      assert.match(page.body, /내 학습 플랫폼에서 이 과정 사용하기/);

      assert.notEqual(
        (await app.inject('/en/courses/fixture-course/export.imscc?version=2')).statusCode,
        200,
      );
      const learner = await agentWithRoles(app, 'learner@example.org', []);
      assert.equal((await learner.get('/en/courses/fixture-course/export.imscc?version=2')).statusCode, 403);
      assert.equal((await learner.get('/en/courses/fixture-course/export.imscc')).statusCode, 200);
      const author = await agentWithRoles(app, 'author@example.org', ['author']);
      const preview = await author.get('/en/courses/fixture-course/export.imscc?version=2');
      assert.equal(preview.statusCode, 200);
      assert.equal(
        preview.headers['content-disposition'],
        'attachment; filename="fixture-course-v2-en.imscc"',
      );
      assert.equal(preview.headers['cache-control'], 'private, no-store');
      assert.match(unzip(preview.rawPayload).get('imsmanifest.xml')!, /Fixture course draft/);
      assert.equal((await author.get('/en/courses/hidden-course/export.imscc?version=1')).statusCode, 200);
      assert.equal((await author.get('/en/courses/fixture-course/export.imscc?version=9')).statusCode, 404);
      assert.equal((await author.get('/en/courses/fixture-course/export.imscc?version=two')).statusCode, 400);
      const previewPage = await author.get('/en/courses/fixture-course?version=2');
      assert.match(previewPage.body, /export\.imscc\?locale=en&amp;version=2"/);
    });
  });
}

test('npm run praxis -- course export <slug> --format imscc --out <file>', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-cli-imscc-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  const out = join(dataDir, 'fixture.imscc');
  const { cli } = await import('../../cli.ts');
  try {
    assert.equal(await cli(['course', 'import', FIXTURE, '--publish']), 0);
    assert.equal(
      await cli(['course', 'export', 'fixture-course', '--format', 'imscc', '--out', out, '--locale', 'ko']),
      0,
    );
    assert.equal(
      await cli(['course', 'export', 'fixture-course', '--format', 'imscc', '--out', out, '--locale', 'xx']),
      1,
    );
    assert.equal(await cli(['course', 'export', 'fixture-course', '--format', 'pdf', out]), 1);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  const files = unzip(readFileSync(out));
  assert.match(files.get('imsmanifest.xml')!, /<lomimscc:language>ko<\/lomimscc:language>/);
  checkStructure(await load(FIXTURE), files, 'ko');
  rmSync(dataDir, { recursive: true, force: true });
});
