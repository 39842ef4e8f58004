import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';
import { completeCourse } from '../support/learning.ts';

test('certificate, verification and admin certificate pages have no axe violations (en, ko, ar)', async (t) => {
  const { app, drain } = await buildTestApp(t, 'sqlite');
  const { courses, identity, certificates } = app.services;
  const { pkg } = await readPackage(join(import.meta.dirname, '../fixtures/courses/fixture-course'));
  await courses.importPackage(pkg!, { publish: true });
  const { id } = await identity.addUser({
    email: 'holder@example.org',
    name: 'هناء Holder',
    roles: [],
    password: 'holder password 1',
  });
  await identity.addUser({
    email: 'admin@example.org',
    name: 'Admin',
    roles: ['admin'],
    password: 'admin password 1',
  });
  await completeCourse(app, id, 'fixture-course');
  // Completion queues the certificate; the queue's worker issues it.
  await drain();
  const cert = (await certificates.forUser(id))[0]!;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);
  for (const [email, password, pages] of [
    ['holder@example.org', 'holder password 1', [`/certificates/${cert.id}`, `/verify/${cert.id}`]],
    ['admin@example.org', 'admin password 1', ['/admin/certificates', '/admin/courses', '/admin/users']],
  ] as const) {
    const context = await chromium.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/en/sign-in`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await page.click('main form button[type=submit]');
    for (const locale of ['en', 'ko', 'ar']) {
      for (const path of pages) {
        const response = await page.goto(`${base}/${locale}${path}`);
        assert.equal(response?.status(), 200, path);
        assert.deepEqual(await axeViolations(page), [], `${locale}${path}`);
      }
    }
    await context.close();
  }
});
