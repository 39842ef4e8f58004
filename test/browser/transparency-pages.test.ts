import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';

test('transparency page and yearly report: no axe violations (en, ko, ar), and they work without JavaScript', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { courses, identity, learning, transparency } = app.services;
  const { pkg } = await readPackage(join(import.meta.dirname, '../fixtures/courses/fixture-course'));
  await courses.importPackage(pkg!, { publish: true });
  // 12 in Asia-Pacific (shown), 6 in Africa and 5 in Europe (hidden): enough for shown and hidden figures, charts and the "fewer than 10" text.
  for (let i = 0; i < 23; i++) {
    const { id } = await identity.addUser({
      email: `p${i}@example.org`,
      name: `P${i}`,
      roles: [],
      country: i < 12 ? 'KR' : i < 18 ? 'GH' : 'FR',
      locale: i % 2 ? 'ko' : 'en',
    });
    if (i < 12) await learning.enroll(id, 'fixture-course');
  }
  const year = new Date().getUTCFullYear();
  await transparency.saveSections(
    year,
    'en',
    {
      accessibility: 'All pages pass **WCAG 2.2 AA** checks.\n\n- Keyboard\n- Screen readers',
      privacy: 'See [the privacy notice](https://example.org/privacy).',
      'content-review': '',
      'reviewer-diversity': '',
    },
    null,
  );
  await transparency.rollup();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);
  // Accessibility, in a normal browser (axe's own scheduling needs JavaScript in the page).
  const context = await chromium.newContext();
  const page = await context.newPage();
  for (const locale of ['en', 'ko', 'ar']) {
    for (const path of ['/transparency', `/transparency/report/${year}`]) {
      const response = await page.goto(`${base}/${locale}${path}`);
      assert.equal(response?.status(), 200, `${locale}${path}`);
      assert.deepEqual(await axeViolations(page), [], `${locale}${path}`);
    }
  }
  await context.close();
  // Without JavaScript: the figures, charts, tables and downloads are all in the server's HTML.
  const noJs = await chromium.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  for (const path of ['/en/transparency', `/ko/transparency/report/${year}`]) {
    assert.equal((await plain.goto(`${base}${path}`))?.status(), 200);
    assert.ok((await plain.locator('svg.chart').count()) > 0, `${path}: a chart`);
    assert.ok((await plain.locator('table.figures caption').count()) > 0, `${path}: a table`);
  }
  await plain.goto(`${base}/en/transparency`);
  assert.equal(
    await plain
      .locator('table.figures tr', { hasText: 'Asia and the Pacific' })
      .first()
      .locator('td')
      .textContent(),
    '12',
  );
  const csv = await plain.request.get(`${base}/en/transparency/data/regions.csv`);
  assert.match(await csv.text(), /asia-pacific,Asia and the Pacific,false,12,false/);
  await noJs.close();
});
