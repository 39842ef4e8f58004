import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readPackage } from '../../src/courses/package/read-package.ts';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/courses/fixture-course');
const PASSWORD = 'peer journey password 1';
const PEER = '/courses/fixture-course/peer/fixture-peer';

test('peer review in Chromium: submit → review peers → reviews received and score (en, ko), no axe violations', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { pkg } = await readPackage(FIXTURE);
  await app.services.courses.importPackage(pkg!, { publish: true });
  const names = ['Ada', 'Ben', 'Cai'] as const;
  for (const name of names) {
    const { id } = await app.services.identity.addUser({
      email: `${name.toLowerCase()}@example.org`,
      name: `${name} Learner`,
      roles: [],
      password: PASSWORD,
    });
    await app.services.learning.enroll(id, 'fixture-course');
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium: Browser = await browser(t);

  async function check(page: Page, label: string) {
    assert.deepEqual(await axeViolations(page), [], `axe: ${label} (${page.url()})`);
  }
  async function signIn(name: string, locale: string, javaScriptEnabled = true): Promise<Page> {
    const context = await chromium.newContext({ javaScriptEnabled });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${base}/${locale}/sign-in`);
    await page.fill('#field-email', `${name.toLowerCase()}@example.org`);
    await page.fill('#field-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    return page;
  }
  async function submit(page: Page, text: string) {
    await page.fill('#field-text', text);
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/submit"] button')]);
  }
  async function reviewNext(page: Page, label: string, levels: [string, string], axe = true) {
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/reviews/next"] button')]);
    assert.match(page.url(), /\/reviews\/[a-z0-9]+$/, `${label}: a review page`);
    // axe runs in the page, so only where JavaScript is on.
    if (axe) await check(page, `review page ${label}`);
    await page.check(`#field-criterion-clarity-${levels[0]}`);
    await page.check(`#field-criterion-evidence-${levels[1]}`);
    await page.fill('#field-comment', 'Thoughtful and concrete; add one example.');
    await Promise.all([
      page.waitForNavigation(),
      page.click('main form.peer-review-form button[type=submit]'),
    ]);
  }

  // Ada (English) finds the assignment from the unit, is told what is wrong, then submits first.
  const ada = await signIn('Ada', 'en');
  await ada.goto(`${base}/en/courses/fixture-course/units/practice-case`);
  await Promise.all([ada.waitForNavigation(), ada.click(`main a[href="/en${PEER}"]`)]);
  await check(ada, 'assignment page (en)');
  await submit(ada, 'short');
  assert.match((await ada.textContent('.error-summary')) ?? '', /too short/);
  assert.equal(await ada.inputValue('#field-text'), 'short', 'the text is kept');
  await check(ada, 'assignment page with errors (en)');
  await submit(ada, 'A person reviews each decision before the model output is used.');
  assert.match((await ada.textContent('main .notice')) ?? '', /Your text is submitted/);
  await Promise.all([ada.waitForNavigation(), ada.click('main form[action$="/reviews/next"] button')]);
  assert.match((await ada.textContent('main')) ?? '', /you are among the first to submit/, 'not blocked');

  // Ben (Korean) and Cai (English) submit and review.
  const ben = await signIn('Ben', 'ko');
  await ben.goto(`${base}/ko${PEER}`);
  await check(ben, 'assignment page (ko)');
  await submit(ben, '결정이 내려지기 전에 사람이 모델의 판단을 검토합니다.');
  await reviewNext(ben, 'Ben', ['clear', 'strong']);
  assert.match((await ben.textContent('main .notice')) ?? '', /평가를 보냈습니다/);

  // Cai has JavaScript turned off: every step is a plain form post.
  const cai = await signIn('Cai', 'en', false);
  await cai.goto(`${base}/en${PEER}`);
  await submit(cai, 'We log every override and publish a summary for the auditor.');
  await reviewNext(cai, 'Cai', ['clear', 'some'], false);
  await reviewNext(cai, 'Cai', ['unclear', 'strong'], false);
  assert.match((await cai.textContent('main .notice')) ?? '', /your review was sent/);

  // Ada does her part, then reads the reviews she received (anonymous) and her score.
  await ada.goto(`${base}/en${PEER}`);
  await reviewNext(ada, 'Ada', ['clear', 'strong']);
  await reviewNext(ada, 'Ada', ['clear', 'some']);
  await Promise.all([ada.waitForNavigation(), ada.click(`main a[href="/en${PEER}/results"]`)]);
  const adaResults = (await ada.textContent('main')) ?? '';
  assert.match(adaResults, /3 of 4 points/, 'median(2, 0) + median(2, 2)');
  assert.match(adaResults, /Review 2/);
  assert.doesNotMatch(adaResults, /Ben|Cai/, 'reviewers stay anonymous');
  await check(ada, 'results page (en)');

  await ben.goto(`${base}/ko${PEER}`);
  await reviewNext(ben, 'Ben', ['clear', 'some']);
  await ben.goto(`${base}/ko${PEER}/results`);
  const benResults = (await ben.textContent('main')) ?? '';
  assert.match(benResults, /받은 평가/);
  assert.match(benResults, /점/);
  await check(ben, 'results page (ko)');
});
