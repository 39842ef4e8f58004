import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';

const FLAGSHIP = join(import.meta.dirname, '../../content/courses/ethics-of-ai-in-practice');

test('catalog, course and unit pages of the flagship course have no axe violations (en, ko, ar)', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { pkg } = await readPackage(FLAGSHIP);
  await app.services.courses.importPackage(pkg!, { publish: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const context = await (await browser(t)).newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const units = [
    'foundations-recommendation-framework',
    'fairness-definitions-and-conflicts',
    'governance-case-keldoria',
  ];
  for (const locale of ['en', 'ko', 'ar']) {
    for (const path of [
      '',
      '/courses',
      '/courses/ethics-of-ai-in-practice',
      ...units.map((u) => `/courses/ethics-of-ai-in-practice/units/${u}`),
    ]) {
      const response = await page.goto(`${base}/${locale}${path}`);
      assert.equal(response?.status(), 200, path);
      assert.deepEqual(await axeViolations(page), [], `${locale}${path}`);
    }
  }
});
