import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { seedDemoCases } from '../cases/demo-cases.ts';
import { readPackage } from '../courses/package/read-package.ts';
import type { Role } from '../platform/views/page-context.ts';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

/** Publishes the demo cases (a real call, submissions, reviews and decisions); returns one case id. */
async function publishCases(app: FastifyInstance): Promise<string> {
  const user = async (email: string, roles: Role[]) =>
    (await app.services.identity.addUser({ email, name: email, roles, country: 'KE' })).id;
  await seedDemoCases(app, {
    admin: await user('admin@example.org', ['admin']),
    reviewers: [
      await user('r1@example.org', ['reviewer']),
      await user('r2@example.org', ['reviewer']),
      await user('r3@example.org', ['reviewer']),
    ],
    submitter: await user('submitter@example.org', []),
  });
  const { cases } = await app.services.library.search({}, { limit: 1 });
  assert.ok(cases[0], 'the demo publishes cases');
  return cases[0].id;
}

/** Validates a live response against the schema the document gives for it (JSON Schema 2020-12). */
function responseValidator(doc: Doc, path: string, status = '200') {
  const schema = doc.paths[path]?.get?.responses[status]?.content?.['application/json']?.schema;
  assert.ok(schema, `the document describes ${status} of GET ${path}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile({ ...schema, components: doc.components });
}

for (const engine of engines()) {
  describe(`OpenAPI document on ${engine}`, () => {
    test('is valid OpenAPI 3.1, covers the public API and nothing else, and matches live responses', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { pkg } = await readPackage(
        join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'),
      );
      await app.services.courses.importPackage(pkg!, { publish: true });
      const caseId = await publishCases(app);

      const response = await app.inject('/api/openapi.json');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      const doc = response.json() as Doc;
      assert.equal(doc.openapi, '3.1.0');
      const result = await new Validator().validate(structuredClone(doc));
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
      for (const path of [
        '/api/v1/courses',
        '/api/v1/courses/{slug}',
        '/api/v1/cases',
        '/api/v1/cases/{id}',
      ]) {
        assert.ok(doc.paths[path]?.get, `documents ${path}`);
      }
      assert.deepEqual(
        Object.keys(doc.paths).filter((path) => !path.startsWith('/api/v1/')),
        [],
        'pages and the document itself are not part of the API',
      );
      for (const name of ['Case', 'Course', 'CourseSummary', 'Error'])
        assert.ok(doc.components.schemas[name], name);

      // What the server sends is what the document says, field for field.
      const checks: [string, string, string][] = [
        ['/api/v1/courses', '/api/v1/courses', '200'],
        ['/api/v1/courses/fixture-course', '/api/v1/courses/{slug}', '200'],
        ['/api/v1/cases?limit=5', '/api/v1/cases', '200'],
        [`/api/v1/cases/${caseId}`, '/api/v1/cases/{id}', '200'],
        ['/api/v1/cases/no-such-case', '/api/v1/cases/{id}', '404'],
        ['/api/v1/cases?limit=1000', '/api/v1/cases', '400'],
      ];
      for (const [url, path, status] of checks) {
        const live = await app.inject(url);
        assert.equal(String(live.statusCode), status, url);
        const validate = responseValidator(doc, path, status);
        assert.ok(validate(live.json()), `${url}: ${JSON.stringify(validate.errors)}`);
      }
      const one = (await app.inject(`/api/v1/cases/${caseId}`)).json();
      const stored = (await app.services.library.get(caseId))!;
      assert.equal(one.organisation, stored.organisation);
      assert.deepEqual(one.sections, stored.sections, 'serialization keeps nested fields');
      assert.deepEqual(one.principles, stored.principles);
      const syllabus = (await app.inject('/api/v1/courses/fixture-course')).json();
      assert.ok(syllabus.tracks[0].modules[0].units.length > 0, 'the syllabus reaches the units');
    });

    test('an invalid parameter is a 400 that names it, not a silent default', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const tooMany = await app.inject('/api/v1/cases?limit=1000');
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.json().error, 'badRequest');
      assert.match(tooMany.json().detail, /limit/);
      const badYear = await app.inject('/api/v1/cases?year=last');
      assert.equal(badYear.statusCode, 400);
      assert.match(badYear.json().detail, /year/);
      assert.equal((await app.inject('/api/v1/cases?limit=2')).statusCode, 200);
    });
  });
}

describe('API reference page', () => {
  test('/api/docs sends people to the reference in their language', async (t) => {
    const { app } = await buildTestApp(t, 'sqlite');
    const korean = await app.inject({ url: '/api/docs', headers: { 'accept-language': 'ko-KR,ko;q=0.9' } });
    assert.equal(korean.statusCode, 302);
    assert.equal(korean.headers.location, '/ko/api/docs');
    const page = await app.inject('/ko/api/docs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /공개 API/);
    assert.match(page.body, /GET \/api\/v1\/cases\/\{id\}/);
    assert.match(page.body, /id="schema-Case"/);
  });

  test('"Try it" builds the request without JavaScript, and says which value is missing', async (t) => {
    const { app } = await buildTestApp(t, 'sqlite');
    const op = encodeURIComponent('GET /api/v1/cases');
    const search = await app.inject(
      `/en/api/docs/try?op=${op}&op-GET-api-v1-cases.q=register&op-GET-api-v1-cases.limit=`,
    );
    assert.equal(search.statusCode, 303);
    assert.equal(search.headers.location, '/api/v1/cases?q=register');

    const one = encodeURIComponent('GET /api/v1/cases/{id}');
    const found = await app.inject(
      `/en/api/docs/try?op=${one}&op-GET-api-v1-cases-id.id=${encodeURIComponent('a b')}`,
    );
    assert.equal(found.headers.location, '/api/v1/cases/a%20b');

    const missing = await app.inject(`/en/api/docs/try?op=${one}&op-GET-api-v1-cases-id.id=`);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Enter a value for this parameter\./);
    assert.match(missing.body, /aria-invalid="true"/);

    const unknown = await app.inject('/en/api/docs/try?op=DELETE%20%2Feverything');
    assert.equal(unknown.statusCode, 303);
    assert.equal(unknown.headers.location, '/en/api/docs');
  });
});
