import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser } from '../support/browser.ts';
import { openCall } from '../support/cases.ts';

const PASSWORD = 'journey password 1';

function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function check(page: Page, label: string) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${label} (${page.url()})`);
}

async function signIn(chromium: Browser, base: string, email: string) {
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/en/sign-in`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', PASSWORD);
  await page.click('main form button[type=submit]');
  return { context, page };
}

test('submit a case → assign → three reviews → decide and release → published in the library, API, CSV and feed', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  const { identity, reviews } = app.services;
  const call = await openCall(app);
  await identity.addUser({
    email: 'submitter@example.org',
    name: 'Sina Submitter',
    roles: [],
    password: PASSWORD,
  });
  await identity.addUser({
    email: 'admin@example.org',
    name: 'Ada Admin',
    roles: ['admin'],
    password: PASSWORD,
  });
  for (const [i, name] of ['Rev One', 'Rev Two', 'Rev Three'].entries()) {
    const { id } = await identity.addUser({
      email: `r${i}@uni${i}.example`,
      name,
      roles: ['reviewer'],
      password: PASSWORD,
    });
    await reviews.saveProfile(id, {
      expertise: ['transparency-explainability'],
      region: 'asia-pacific',
      languages: ['en', 'ko'],
      organisation: `University ${i}`,
      maxLoad: 5,
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);

  // The submitter drafts, attaches a file and submits.
  const submitter = await signIn(chromium, base, 'submitter@example.org');
  let page = submitter.page;
  await page.goto(`${base}/en/calls`);
  await check(page, 'calls');
  await page.click('main a[href="/en/calls/practice-2027"]');
  await check(page, 'call page');
  await page.click('main a[href$="/submissions/new"]');
  await check(page, 'new submission');
  await page.fill('#field-title', 'An algorithm register for a fictional city');
  await page.click('button[name=intent][value=save]');
  assert.match(page.url(), /\/en\/submissions\/[^/?]+\?done=saved$/);
  await page.fill('#field-summary', 'A register of algorithms with plain-language explanations.');
  await page.selectOption('#field-practice_type', 'governance-framework');
  await page.selectOption('#field-stakeholder_type', 'government');
  await page.fill('#field-organisation', 'City of Velmora (fictional)');
  await page.selectOption('#field-country', 'KR');
  await page.selectOption('#field-sector', 'public-administration');
  await page.selectOption('#field-lifecycle_stage', 'deployment');
  await page.check('#field-principles-transparency-explainability');
  for (const section of ['what', 'how', 'results', 'challenges', 'adoption'])
    await page.fill(`#field-${section}`, `The ${section} of this fictional practice.`);
  await page.check('#field-consent_publish');
  await page.click('button[name=intent][value=save]');
  await page.setInputFiles('#field-file', { name: 'diagram.png', mimeType: 'image/png', buffer: png() });
  await page.click('form[enctype="multipart/form-data"] button[type=submit]');
  assert.ok(await page.isVisible('a[href*="/files/"]'), 'the attachment is listed');
  await check(page, 'submission with attachment');
  await page.click('button[name=intent][value=submit]');
  assert.match(page.url(), /done=submitted$/);
  await check(page, 'submitted');
  await submitter.context.close();

  // The admin moves the call to review and assigns reviewers automatically.
  const admin = await signIn(chromium, base, 'admin@example.org');
  page = admin.page;
  await page.goto(`${base}/en/admin/calls`);
  await check(page, 'admin calls');
  await page.click('main form[action$="/phase"] button');
  await page.goto(`${base}/en/admin/calls/${call.id}/review`);
  await check(page, 'admin review');
  await page.click('form[action$="/review/assign"] button');
  assert.equal(await page.locator('main section.card li').count(), 3, 'three reviewers assigned');

  // Three reviewers review.
  for (const [i, score] of [5, 4, 5].entries()) {
    const reviewer = await signIn(chromium, base, `r${i}@uni${i}.example`);
    await reviewer.page.click('header a[href="/en/review"]');
    await check(reviewer.page, 'reviewer home');
    await reviewer.page.click('main .card a');
    await check(reviewer.page, 'review form');
    await reviewer.page.selectOption('#field-score_impact', String(score));
    await reviewer.page.selectOption('#field-score_transferability', String(score));
    await reviewer.page.selectOption('#field-recommendation', 'select');
    await reviewer.page.fill('#field-comments_to_authors', 'Clear and transferable.');
    await reviewer.page.click('button[name=intent][value=submit]');
    assert.match(reviewer.page.url(), /done=submitted$/);
    await check(reviewer.page, 'review submitted');
    await reviewer.context.close();
  }

  // The admin decides and releases.
  await page.goto(`${base}/en/admin/calls/${call.id}/review`);
  await page.selectOption('main select[name=decision]', 'selected');
  await page.click('form[action$="/review/decide"] button');
  await page.goto(`${base}/en/admin/calls`);
  await page.click('main form[action$="/phase"] button');
  await page.goto(`${base}/en/admin/calls/${call.id}/review`);
  await page.click('form[action$="/review/release"] button');
  assert.match(page.url(), /done=released$/);
  await check(page, 'released');
  await admin.context.close();

  // Anyone finds the case in the library, the API, the CSV and the feed.
  const visitor = await chromium.newContext();
  page = await visitor.newPage();
  for (const locale of ['en', 'ko', 'ar']) {
    await page.goto(`${base}/${locale}/cases?q=algorithm`);
    await check(page, `library ${locale}`);
  }
  await page.goto(`${base}/en/cases`);
  await page.click('main .case-list a');
  assert.match((await page.textContent('h1')) ?? '', /An algorithm register for a fictional city/);
  await check(page, 'case page');
  const api = await (await fetch(`${base}/api/v1/cases`)).json();
  assert.equal(api.cases[0].title, 'An algorithm register for a fictional city');
  assert.match(await (await fetch(`${base}/cases.csv`)).text(), /An algorithm register for a fictional city/);
  assert.match(
    await (await fetch(`${base}/cases/feed.atom`)).text(),
    /An algorithm register for a fictional city/,
  );
  await visitor.close();
});
