import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { completeCourse } from '../../test/support/learning.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { verifyDataIntegrity } from './ob3/achievement-credential.ts';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
const SCHEMA = JSON.parse(
  readFileSync(join(import.meta.dirname, 'ob3/schemas/achievementcredential.schema.json'), 'utf8'),
);
const PASSWORD = 'holder password 1';

async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const testApp = await buildTestApp(t, engine);
  const { pkg } = await readPackage(FIXTURE);
  await testApp.app.services.courses.importPackage(pkg!, { publish: true });
  return testApp;
}

/** A learner who completes the fixture course through the learning service (as the pages would). */
async function graduate(app: FastifyInstance, email: string) {
  const { id } = await app.services.identity.addUser({
    email,
    name: 'Hana Holder',
    roles: [],
    password: PASSWORD,
  });
  await completeCourse(app, id, 'fixture-course');
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return { id, agent };
}

async function signIn(app: FastifyInstance, email: string, roles: ('admin' | 'learner')[] = []) {
  await app.services.identity.addUser({ email, name: email, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

for (const engine of engines()) {
  describe(`certificates on ${engine}`, () => {
    test('completing a course issues one signed, schema-valid certificate, verified by an independent library', async (t) => {
      const { app } = await setUp(t, engine);
      const { id, agent } = await graduate(app, 'holder@example.org');
      const held = await app.services.certificates.forUser(id);
      assert.equal(held.length, 1);
      const cert = held[0]!;
      assert.match(cert.id, /^[A-Za-z0-9_-]{22}$/);
      assert.equal((await app.services.certificates.issue(id, 'fixture-course')).id, cert.id, 'issued once');

      const dashboard = await agent.get('/en/learn');
      assert.match(dashboard.body, new RegExp(`href="/en/certificates/${cert.id}"`));

      const download = await agent.get(`/certificates/${cert.id}/credential.json`);
      assert.equal(download.statusCode, 200);
      const credential = JSON.parse(download.body);
      const ajv = new Ajv2019.default({ strict: false, allErrors: true });
      addFormats.default(ajv);
      const valid = ajv.validate(SCHEMA, JSON.parse(download.body));
      assert.ok(valid, JSON.stringify(ajv.errors));
      assert.equal(credential.credentialSubject.identifier[0].identityHash, 'Hana Holder');
      assert.equal(credential.id, `http://praxis.test/en/verify/${cert.id}`);

      const { documentLoader } = app.services.certificates;
      assert.deepEqual((await verifyDataIntegrity(credential, documentLoader)).verified, true);
      const tampered = structuredClone(credential);
      tampered.credentialSubject.identifier[0].identityHash = 'Hana Holdes';
      assert.equal(
        (await verifyDataIntegrity(tampered, documentLoader)).verified,
        false,
        'one changed byte fails',
      );

      const jwt = (await agent.get(`/certificates/${cert.id}/credential.jwt`)).body;
      const keys = (await app.inject('/.well-known/jwks.json')).json();
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(keys));
      assert.equal((payload as { id: string }).id, credential.id);
      const did = (await app.inject('/.well-known/did.json')).json();
      assert.equal(did.id, 'did:web:praxis.test');
    });

    test('the public verification page, privacy, and who may download what', async (t) => {
      const { app } = await setUp(t, engine);
      const { id, agent } = await graduate(app, 'holder@example.org');
      const cert = (await app.services.certificates.forUser(id))[0]!;
      const visitor = new Agent(app);
      const page = await visitor.get(`/ko/verify/${cert.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /유효한 수료증입니다/);
      assert.match(page.body, /Hana Holder/);
      assert.equal((await visitor.get('/en/verify/AAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
      assert.match((await visitor.get('/ko/verify/unknown-id-0000000000')).body, /페이지를 찾을 수 없습니다/);

      const other = await signIn(app, 'other@example.org');
      assert.equal(
        (await other.get(`/en/certificates/${cert.id}`)).statusCode,
        403,
        "someone else's certificate",
      );
      assert.equal((await visitor.get(`/en/certificates/${cert.id}`)).statusCode, 303);
      assert.equal((await other.get(`/certificates/${cert.id}/certificate.pdf`)).statusCode, 403);

      const own = await agent.get(`/en/certificates/${cert.id}`);
      assert.equal(own.statusCode, 200);
      assert.match(
        own.body,
        /https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&amp;name=Fixture\+course/,
      );
      const hidden = await agent.post(`/en/certificates/${cert.id}/privacy`, { private: 'yes' });
      assert.equal(hidden.statusCode, 303);
      const privatePage = await visitor.get(`/en/verify/${cert.id}`);
      assert.match(privatePage.body, /This certificate is valid/);
      assert.doesNotMatch(privatePage.body, /Hana Holder/, 'a private certificate shows only that it exists');
      assert.equal((await visitor.get(`/certificates/${cert.id}/credential.json`)).statusCode, 404);
      assert.equal(
        (await agent.get(`/certificates/${cert.id}/credential.json`)).statusCode,
        200,
        'the holder still can',
      );
    });

    test('admins revoke with a reason; the page and the status list say so; others cannot', async (t) => {
      const { app } = await setUp(t, engine);
      const { id, agent } = await graduate(app, 'holder@example.org');
      const cert = (await app.services.certificates.forUser(id))[0]!;
      const credential = JSON.parse(cert.credential);
      const denied = await agent.post(
        `/en/admin/certificates/${cert.id}/revoke`,
        { [`reason-${cert.id}`]: 'mine' },
        { from: '/en/learn' },
      );
      assert.equal(denied.statusCode, 403, 'a learner cannot revoke, even their own');

      const admin = await signIn(app, 'admin@example.org', ['admin']);
      const empty = await admin.post(
        `/en/admin/certificates/${cert.id}/revoke`,
        { [`reason-${cert.id}`]: '  ' },
        { from: '/en/admin/certificates' },
      );
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Give the reason for revoking/);
      const revoked = await admin.post(
        `/en/admin/certificates/${cert.id}/revoke`,
        { [`reason-${cert.id}`]: 'Issued by mistake' },
        { from: '/en/admin/certificates' },
      );
      assert.equal(revoked.statusCode, 303);
      const page = await new Agent(app).get(`/en/verify/${cert.id}`);
      assert.match(page.body, /This certificate has been revoked/);
      assert.match(page.body, /Issued by mistake/);

      const status = (await app.inject('/credentials/status/revocation')).json();
      assert.deepEqual(status.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      const check = await verifyDataIntegrity(credential, app.services.certificates.documentLoader);
      assert.equal(check.revoked, true, 'the independent status check sees the revocation');
      assert.equal(check.verified, false);
    });

    test('a learner who did not complete the course has no certificate to get', async (t) => {
      const { app } = await setUp(t, engine);
      const { identity, learning, certificates } = app.services;
      const { id } = await identity.addUser({
        email: 'halfway@example.org',
        name: 'Half Way',
        roles: [],
        password: PASSWORD,
      });
      await learning.enroll(id, 'fixture-course');
      await assert.rejects(certificates.issue(id, 'fixture-course'), /only issued for a completed course/);
      assert.equal((await certificates.forUser(id)).length, 0);
      const agent = new Agent(app);
      await agent.post(
        '/en/sign-in',
        { email: 'halfway@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      assert.doesNotMatch((await agent.get('/en/learn')).body, /\/certificates\//);
    });
  });
}
