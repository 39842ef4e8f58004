import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';

test('the API reference has no axe violations (en, ko, ar) and its "Try it" form returns JSON', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { pkg } = await readPackage(join(import.meta.dirname, '../fixtures/courses/fixture-course'));
  await app.services.courses.importPackage(pkg!, { publish: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);
  const context = await chromium.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  for (const locale of ['en', 'ko', 'ar']) {
    const response = await page.goto(`${base}/${locale}/api/docs`);
    assert.equal(response?.status(), 200, locale);
    assert.deepEqual(await axeViolations(page), [], `${locale}/api/docs`);
  }
  // Without JavaScript: fill the slug of one course and send; the browser lands on the JSON.
  const noScript = await chromium.newContext({ javaScriptEnabled: false });
  t.after(() => noScript.close());
  const plain = await noScript.newPage();
  await plain.goto(`${base}/en/api/docs`);
  const form = plain.locator('form.api-try', {
    has: plain.locator('input[value="GET /api/v1/courses/{slug}"]'),
  });
  await form.getByLabel('slug').fill('fixture-course');
  await form.getByRole('button').click();
  await plain.waitForURL(/\/api\/v1\/courses\/fixture-course$/);
  assert.equal(JSON.parse((await plain.locator('body').textContent()) ?? '').slug, 'fixture-course');
  // An empty required value comes back with the message next to the field.
  await plain.goto(`${base}/en/api/docs`);
  await form.getByRole('button').click();
  assert.equal(await form.getByLabel('slug').getAttribute('aria-invalid'), 'true');
  // The same page, with its error, checked by axe in a context that runs scripts.
  await page.goto(plain.url());
  assert.deepEqual(await axeViolations(page), [], 'page with a field error');
});
