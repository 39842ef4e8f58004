import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser, latestMail } from '../support/browser.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/courses/fixture-course');
const RUNS = [
  { locale: 'en', javaScript: true },
  { locale: 'ko', javaScript: true },
  { locale: 'en', javaScript: false },
  { locale: 'ko', javaScript: false },
] as const;

describe('learner journey in Chromium, to the certificate', () => {
  for (const { locale, javaScript } of RUNS) {
    test(`register → enroll → study → answer → leave → resume → complete → certificate (${locale}, JavaScript ${javaScript ? 'on' : 'off'})`, async (t) => {
      const { app, dataDir } = await buildTestApp(t, 'sqlite', { fileOutbox: true });
      const { pkg } = await readPackage(FIXTURE);
      await app.services.courses.importPackage(pkg!, { publish: true });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const chromium = await browser(t);
      const email = `learner-${locale}-${javaScript}@example.org`;
      const password = 'learning password 1';

      async function check(page: Page, label: string) {
        if (javaScript) assert.deepEqual(await axeViolations(page), [], `axe: ${label} (${page.url()})`);
      }
      async function answer(page: Page, exercise: string, fill: () => Promise<void>) {
        await fill();
        const button = `#exercise-${exercise} button[type=submit]`;
        if (javaScript) {
          // With JavaScript the answer is fetched and the feedback swapped in: no page load.
          const url = page.url();
          await Promise.all([
            page.waitForResponse(
              (r) => r.url().includes(`/exercises/${exercise}`) && r.request().method() === 'POST',
            ),
            page.click(button),
          ]);
          assert.equal(page.url(), url, 'no navigation');
        } else {
          await Promise.all([page.waitForNavigation(), page.click(button)]);
        }
        await page.waitForSelector(`#exercise-${exercise} .exercise-result, #exercise-${exercise} .notice`);
        await check(page, `answered ${exercise}`);
      }

      // A new user registers and confirms their address.
      let context = await chromium.newContext({ javaScriptEnabled: javaScript });
      let page = await context.newPage();
      await page.goto(`${base}/${locale}/register`);
      await page.fill('#field-name', 'Journey Learner');
      await page.fill('#field-email', email);
      await page.fill('#field-password', password);
      await page.selectOption('#field-country', 'BR');
      await page.check('#field-consent');
      await page.click('main form button[type=submit]');
      await page.goto(base + new URL(latestMail(dataDir, email).link!).pathname);
      await page.click('main form button[type=submit]');

      // Finds the course in the catalog and enrolls.
      await page.click(`header a[href="/${locale}/courses"]`);
      await check(page, 'catalog');
      await page.click(`main a[href="/${locale}/courses/fixture-course"]`);
      await check(page, 'course page');
      await page.click('main .course-actions button[type=submit]');
      assert.ok(await page.isVisible('#course-progress'), 'enrolled: progress shows');
      await check(page, 'course page, enrolled');

      // Studies the first unit and answers its exercises.
      await page.click('main .course-actions a.button');
      assert.match(page.url(), /\/units\/basics-intro$/);
      await check(page, 'unit 1');
      await answer(page, 'fixture-single', () => page.check('#ex-fixture-single-b'));
      assert.equal(
        await page.isVisible('#exercise-fixture-single .is-wrong'),
        true,
        'a wrong answer says so',
      );
      await answer(page, 'fixture-single', () => page.check('#ex-fixture-single-a'));
      assert.equal(await page.isVisible('#exercise-fixture-single .is-correct'), true);
      await answer(page, 'fixture-multiple', async () => {
        await page.check('#ex-fixture-multiple-a');
        await page.check('#ex-fixture-multiple-b');
      });
      await page.click('a[rel=next]');
      assert.match(page.url(), /\/units\/basics-choices$/);
      await check(page, 'unit 2');

      // Leaves, and comes back later in a new browser session: resume takes them to where they were.
      await context.close();
      context = await chromium.newContext({ javaScriptEnabled: javaScript });
      page = await context.newPage();
      await page.goto(`${base}/${locale}/sign-in`);
      await page.fill('#field-email', email);
      await page.fill('#field-password', password);
      await page.click('main form button[type=submit]');
      await page.click(`header a[href="/${locale}/learn"]`);
      await check(page, 'dashboard');
      await page.click('main a.button');
      assert.match(page.url(), /\/units\/basics-choices$/, 'resumed at the last unit visited');

      await answer(page, 'fixture-truefalse', () => page.check('#ex-fixture-truefalse-false'));
      await answer(page, 'fixture-ordering', async () => {
        await page.selectOption('#ex-fixture-ordering-first', '1');
        await page.selectOption('#ex-fixture-ordering-second', '2');
      });
      await answer(page, 'fixture-text', () =>
        page.fill('#ex-fixture-text-value', locale === 'ko' ? '픽스처' : 'Fixture'),
      );
      await page.click('a[rel=next]');
      await answer(page, 'fixture-numeric', () => page.fill('#ex-fixture-numeric-value', '2'));
      await answer(page, 'fixture-reflection', () =>
        page.fill('#ex-fixture-reflection-text', 'Reading packages carefully.'),
      );

      // Complete: the dashboard lists the course as completed, with its certificate.
      await page.goto(`${base}/${locale}/learn`);
      assert.ok(await page.isVisible('#completed-title'), 'the course is completed');
      await check(page, 'dashboard, completed');
      await page.click(`main a[href^="/${locale}/certificates/"]`);
      await check(page, 'certificate page');
      const certificateId = page.url().split('/').pop()!;

      // The PDF, in the page's language, carries the name, the course and the id as real text.
      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`main a[href$="certificate.pdf?locale=${locale}"]`),
      ]);
      const pdfText = execFileSync('pdftotext', ['-layout', (await pdf.path())!, '-'], { encoding: 'utf8' });
      assert.match(pdfText, /Journey Learner/);
      assert.match(pdfText, new RegExp(locale === 'ko' ? '픽스처 과정' : 'Fixture course'));
      assert.ok(pdfText.includes(certificateId), 'the certificate id is printed');

      // The signed credential downloads as JSON.
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.click('main a[href$="credential.json"]'),
      ]);
      const credential = JSON.parse(readFileSync((await json.path())!, 'utf8'));
      assert.deepEqual(credential.type, ['VerifiableCredential', 'OpenBadgeCredential']);
      assert.equal(credential.proof[0].cryptosuite, 'eddsa-rdfc-2022');

      // Anyone can open the public verification page.
      const visitor = await chromium.newContext({ javaScriptEnabled: javaScript });
      const verifyPage = await visitor.newPage();
      await verifyPage.goto(`${base}/${locale}/verify/${certificateId}`);
      assert.ok(await verifyPage.isVisible('.verify-valid'));
      assert.match((await verifyPage.textContent('main')) ?? '', /Journey Learner/);
      await check(verifyPage, 'verification page');
      await visitor.close();
      await context.close();
    });
  }
});
