import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Agent, agentWithRoles } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';
import { readSubmissionFields } from '../cases/submission-fields.ts';
import { readPackage } from './package/read-package.ts';
import { writePackage } from './package/write-package.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const FLAGSHIP = join(import.meta.dirname, '../../content/courses/ethics-of-ai-in-practice');

async function fixture() {
  const { pkg, problems } = await readPackage(FIXTURE);
  assert.deepEqual(problems, []);
  return pkg!;
}

for (const engine of engines()) {
  describe(`courses on ${engine}`, () => {
    test('import is versioned and idempotent; import → export → import is lossless', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { courses } = app.services;
      const pkg = await fixture();
      assert.deepEqual(await courses.importPackage(pkg), { status: 'created', version: 1, published: false });
      assert.deepEqual(await courses.importPackage(pkg), {
        status: 'unchanged',
        version: 1,
        published: false,
      });

      const dir = mkdtempSync(join(tmpdir(), 'praxis-export-'));
      const stored = await courses.version('fixture-course', 1);
      await writePackage(stored!.pkg, dir);
      const again = await readPackage(dir);
      assert.deepEqual(again.problems, []);
      assert.deepEqual(again.pkg, pkg);
      assert.equal(
        (await courses.importPackage(again.pkg!)).status,
        'unchanged',
        'the round trip changes nothing',
      );

      const changed = structuredClone(pkg);
      changed.title.en = 'Fixture course, second edition';
      assert.deepEqual(await courses.importPackage(changed, { publish: true }), {
        status: 'created',
        version: 2,
        published: true,
      });
      assert.equal((await courses.version('fixture-course'))?.number, 2);
      assert.equal((await courses.versions('fixture-course')).length, 2);
    });

    test('catalog, course page and units are open to visitors; unpublished versions only to authors', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { courses } = app.services;
      const pkg = await fixture();
      await courses.importPackage(pkg, { publish: true });
      const draft = structuredClone(pkg);
      draft.title.en = 'Fixture course draft';
      await courses.importPackage(draft);

      const catalog = await app.inject('/en/courses');
      assert.equal(catalog.statusCode, 200);
      assert.match(catalog.body, /href="\/en\/courses\/fixture-course">Fixture course<\/a>/);
      const page = await app.inject('/ko/courses/fixture-course');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>픽스처 과정<\/h1>/);
      assert.match(page.body, /Fixture track|픽스처 트랙/);
      const french = await app.inject('/fr/courses/fixture-course');
      assert.match(
        french.body,
        /class="notice" role="note"/,
        'a visible notice when falling back to English',
      );
      assert.match(french.body, /<h1>Fixture course<\/h1>/);

      const first = pkg.modules[0]!.units[0]!;
      const unit = await app.inject(`/en/courses/fixture-course/units/${first.id}`);
      assert.equal(unit.statusCode, 200);
      assert.match(unit.body, new RegExp(`<h1>${first.texts.en!.title}</h1>`));
      assert.match(unit.body, /rel="next"/);
      assert.doesNotMatch(
        unit.body,
        /<script(?![^>]*(src=|type="application\/ld\+json"))/,
        'only the page’s scripts and JSON-LD, nothing from the content',
      );
      assert.equal((await app.inject('/en/courses/fixture-course/units/no-such-unit')).statusCode, 404);
      assert.equal((await app.inject('/en/courses/no-such-course')).statusCode, 404);

      const visitorPreview = await app.inject('/en/courses/fixture-course?version=2');
      assert.equal(visitorPreview.statusCode, 303, 'visitors are sent to sign in');
      const learner = await agentWithRoles(app, 'learner@example.org', []);
      assert.equal((await learner.get('/en/courses/fixture-course?version=2')).statusCode, 403);
      const author = await agentWithRoles(app, 'author@example.org', ['author']);
      const preview = await author.get('/en/courses/fixture-course?version=2');
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Fixture course draft/);
      assert.match(preview.body, /previewing version 2/);
    });

    test('admins publish a version from the admin page; others are refused', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { courses, identity } = app.services;
      const pkg = await fixture();
      await courses.importPackage(pkg, { publish: true });
      const next = structuredClone(pkg);
      next.title.en = 'Fixture course, revised';
      await courses.importPackage(next);
      await identity.addUser({
        email: 'author@example.org',
        name: 'A',
        roles: ['author'],
        password: 'author password 1',
      });
      await identity.addUser({
        email: 'admin@example.org',
        name: 'B',
        roles: ['admin'],
        password: 'admin password 1',
      });
      const author = new Agent(app);
      await author.post(
        '/en/sign-in',
        { email: 'author@example.org', password: 'author password 1' },
        { from: '/en/sign-in' },
      );
      assert.equal((await author.get('/en/admin/courses')).statusCode, 403);
      const refused = await author.post(
        '/en/admin/courses/fixture-course/versions/2/publish',
        {},
        { from: '/en/courses' },
      );
      assert.equal(refused.statusCode, 403, 'authors preview but do not publish');
      assert.equal((await courses.version('fixture-course'))?.number, 1);

      const admin = new Agent(app);
      await admin.post(
        '/en/sign-in',
        { email: 'admin@example.org', password: 'admin password 1' },
        { from: '/en/sign-in' },
      );
      const page = await admin.get('/en/admin/courses');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Publish version 2/);
      assert.doesNotMatch(page.body, /Publish version 1/, 'the live version has no publish button');
      const published = await admin.post('/en/admin/courses/fixture-course/versions/2/publish', {});
      assert.equal(published.statusCode, 303);
      assert.equal((await courses.version('fixture-course'))?.number, 2);
      assert.match((await app.inject('/en/courses/fixture-course')).body, /Fixture course, revised/);
      assert.equal(
        (
          await admin.post(
            '/en/admin/courses/fixture-course/versions/9/publish',
            {},
            { from: '/en/admin/courses' },
          )
        ).statusCode,
        404,
      );
    });

    test('the public API lists courses and their syllabus', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await app.services.courses.importPackage(await fixture(), { publish: true });
      const list = await app.inject('/api/v1/courses?locale=ko');
      assert.equal(list.statusCode, 200);
      assert.equal(list.headers['access-control-allow-origin'], '*');
      assert.deepEqual(
        list.json().courses.map((c: { slug: string; title: string }) => [c.slug, c.title]),
        [['fixture-course', '픽스처 과정']],
      );
      const one = await app.inject('/api/v1/courses/fixture-course');
      const body = one.json();
      assert.equal(body.tracks[0].modules.length, 2);
      assert.ok(body.tracks[0].modules[0].units.length >= 1);
      assert.equal((await app.inject('/api/v1/courses/nope')).statusCode, 404);
    });
  });
}

test('the flagship course imports cleanly and shows on the home page in English and Korean', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { pkg, problems } = await readPackage(FLAGSHIP);
  assert.deepEqual(problems, []);
  await app.services.courses.importPackage(pkg!, { publish: true });
  const en = await app.inject('/en');
  assert.match(en.body, /Ethics of AI in Practice/);
  const ko = await app.inject('/ko');
  assert.match(ko.body, /실천하는 인공지능 윤리/);
  const course = await app.inject('/ko/courses/ethics-of-ai-in-practice');
  assert.equal(course.statusCode, 200);
  for (const module of pkg!.modules) assert.match(course.body, new RegExp(`id="module-${module.id}"`));
});

test('a `case` block in a unit shows the published case, and says it will appear until then', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { courses, submissions, library, identity } = app.services;
  const call = await openCall(app);
  const { id: owner } = await identity.addUser({
    email: 'owner@example.org',
    name: 'Owner',
    roles: [],
    password: 'owner password 1',
  });
  const submissionId = await submissions.create(call.id, owner, readSubmissionFields({ ...CASE_FORM }));
  const caseId = await library.publish((await submissions.get(submissionId))!, ['Owner']);

  const pkg = await fixture();
  const unit = pkg.modules[0]!.units[0]!;
  unit.texts.en!.body += `\n\n\`\`\`case\n${caseId}\n\`\`\`\n\n\`\`\`case\nnot-published-yet\n\`\`\`\n`;
  await courses.importPackage(pkg, { publish: true });
  const page = await app.inject(`/en/courses/fixture-course/units/${unit.id}`);
  assert.match(page.body, new RegExp(`href="/en/cases/${caseId}"`));
  assert.match(page.body, /Algorithm register for a city/);
  assert.match(page.body, /will appear here once it is published/);
});
