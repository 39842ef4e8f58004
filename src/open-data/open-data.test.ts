import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { readSubmissionFields } from '../cases/submission-fields.ts';
import { readPackage } from '../courses/package/read-package.ts';

function jsonLd(body: string): { '@type': string; [key: string]: unknown } {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body);
  assert.ok(match, 'the page carries JSON-LD');
  return JSON.parse(match[1]!);
}

test('structured data, Open Graph, robots.txt and a sitemap with every language', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { courses, submissions, library, identity } = app.services;
  const { pkg } = await readPackage(join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'));
  await courses.importPackage(pkg!, { publish: true });
  const call = await openCall(app);
  const { id: owner } = await identity.addUser({
    email: 'owner@example.org',
    name: 'Owner Name',
    roles: [],
    password: 'owner password 1',
  });
  const caseId = await library.publish(
    (await submissions.get(await submissions.create(call.id, owner, readSubmissionFields(CASE_FORM))))!,
    ['Owner Name'],
  );

  const home = await app.inject('/en');
  assert.equal(jsonLd(home.body)['@type'], 'Organization');
  assert.match(home.body, /<meta property="og:url" content="http:\/\/praxis.test\/en"\/>/);
  const course = jsonLd((await app.inject('/ko/courses/fixture-course')).body);
  assert.equal(course['@type'], 'Course');
  assert.equal(course.isAccessibleForFree, true);
  assert.equal(course.url, 'http://praxis.test/ko/courses/fixture-course');
  const unitId = pkg!.modules[0]!.units[0]!.id;
  assert.equal(
    jsonLd((await app.inject(`/en/courses/fixture-course/units/${unitId}`)).body)['@type'],
    'LearningResource',
  );
  const work = jsonLd((await app.inject(`/en/cases/${caseId}`)).body);
  assert.equal(work['@type'], 'CreativeWork');
  assert.equal(work.license, 'https://creativecommons.org/licenses/by/4.0/');
  const signIn = await app.inject('/en/sign-in');
  assert.doesNotMatch(signIn.body, /og:title/, 'private pages are not advertised');

  const robots = await app.inject('/robots.txt');
  assert.match(robots.body, /Disallow: \/ko\/admin/);
  assert.match(robots.body, /Sitemap: http:\/\/praxis.test\/sitemap.xml/);
  const sitemap = await app.inject('/sitemap.xml');
  assert.equal(sitemap.headers['content-type'], 'application/xml; charset=utf-8');
  assert.match(sitemap.body, /<loc>http:\/\/praxis.test\/en\/courses\/fixture-course<\/loc>/);
  for (const path of ['/transparency', '/api/docs', `/transparency/report/${new Date().getUTCFullYear()}`]) {
    assert.ok(sitemap.body.includes(`<loc>http://praxis.test/en${path}</loc>`), path);
    assert.equal((await app.inject(`/en${path}`)).statusCode, 200, `${path} is a live page`);
  }
  assert.match(sitemap.body, new RegExp(`<loc>http://praxis.test/en/cases/${caseId}</loc>`));
  assert.match(sitemap.body, /hreflang="zh-Hans" href="http:\/\/praxis.test\/zh\/courses\/fixture-course"/);
  assert.match(sitemap.body, /<loc>http:\/\/praxis.test\/en\/calls\/practice-2027<\/loc>/);
});

test('the public read API sends ETags, honours If-None-Match, allows CORS and is rate-limited', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { pkg } = await readPackage(join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'));
  await app.services.courses.importPackage(pkg!, { publish: true });
  for (const url of ['/api/v1/courses', '/api/v1/courses/fixture-course', '/api/v1/cases']) {
    const first = await app.inject(url);
    assert.equal(first.statusCode, 200, url);
    assert.equal(first.headers['access-control-allow-origin'], '*');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    assert.ok(first.headers['x-ratelimit-limit'], 'rate-limited');
    const again = await app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304, url);
    assert.equal(again.body, '');
    const stale = await app.inject({ url, headers: { 'if-none-match': '"something-else"' } });
    assert.equal(stale.statusCode, 200);
  }
  const before = String((await app.inject('/api/v1/courses')).headers.etag);
  const changed = structuredClone(pkg!);
  changed.title.en = 'Fixture course, renamed';
  await app.services.courses.importPackage(changed, { publish: true });
  assert.notEqual(
    String((await app.inject('/api/v1/courses')).headers.etag),
    before,
    'the tag follows the data',
  );
});
