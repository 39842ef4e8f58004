import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, SLUG, setUp } from '../../src/community/test-setup.ts';
import { nowIso } from '../../src/platform/ids.ts';
import type { Role } from '../../src/platform/views/page-context.ts';
import { axeViolations, browser } from '../support/browser.ts';

const UNIT_PATH = `/courses/${SLUG}/units/basics-intro/discussion`;

/** The text of the first element matching `selector` ('' when it has none). */
async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

async function check(page: Page, label: string) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${label} (${page.url()})`);
}

async function account(app: FastifyInstance, email: string, name: string, roles: Role[] = []) {
  const { identity, learning, database } = app.services;
  const { id } = await identity.addUser({ email, name, roles, password: PASSWORD });
  // Established accounts: the new-account rules have their own HTTP tests.
  await database.db
    .updateTable('users')
    .set({ created_at: nowIso(new Date(Date.now() - 2 * 86_400_000)) })
    .where('id', '=', id)
    .execute();
  if (!roles.includes('moderator')) await learning.enroll(id, SLUG);
  return id;
}

async function signIn(chromium: Browser, base: string, email: string, javaScriptEnabled = true) {
  const context = await chromium.newContext({ javaScriptEnabled });
  // A missing element fails the step quickly instead of the whole test timing out.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${base}/en/sign-in`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', PASSWORD);
  await page.click('main form button[type=submit]');
  return { context, page };
}

const postIds = async (page: Page) =>
  await page.locator('article.post').evaluateAll((nodes) => nodes.map((n) => n.id.replace(/^post-/, '')));

test('learners post, reply, upvote and report; the moderator hides and locks; pages pass axe in en, ko and ar', async (t) => {
  const { app } = await setUp(t, 'sqlite');
  await account(app, 'ann@example.org', 'Ann Learner');
  await account(app, 'ben@example.org', 'Ben Learner');
  await account(app, 'mod@example.org', 'Mo Moderator', ['moderator']);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);

  // Ann finds the discussion from the unit page and starts a thread.
  const ann = await signIn(chromium, base, 'ann@example.org');
  await ann.page.goto(`${base}/en/courses/${SLUG}/units/basics-intro`);
  await ann.page.click(`a[href="/en${UNIT_PATH}"]`);
  await check(ann.page, 'empty discussion (en)');
  await ann.page.click('#new-thread button[type=submit]');
  assert.ok(await ann.page.isVisible('#field-title-error'), 'an empty thread is refused next to its field');
  await check(ann.page, 'discussion with errors');
  await ann.page.fill('#field-title', 'Who audits the auditors?');
  await ann.page.fill('#field-body', 'How do **independent** audits of AI systems work in practice?');
  await ann.page.click('#new-thread button[type=submit]');
  assert.match(ann.page.url(), /\/en\/discussions\/[^/?]+\?done=posted$/);
  await check(ann.page, 'new thread');
  const threadUrl = ann.page.url().replace(/\?.*$/, '');
  const threadPath = new URL(threadUrl).pathname.slice(3);

  // Ben reads it in Korean, replies and upvotes Ann's post.
  const ben = await signIn(chromium, base, 'ben@example.org');
  await ben.page.goto(`${base}/ko${UNIT_PATH}`);
  await check(ben.page, 'discussion (ko)');
  await ben.page.click('.thread-title');
  await check(ben.page, 'thread (ko)');
  await ben.page.fill('#field-body', '외부 기관이 감사를 맡는 경우가 많습니다.');
  await ben.page.selectOption('#field-language', 'ko');
  await ben.page.click('#reply button[type=submit]');
  assert.match(ben.page.url(), /done=replied#post-/);
  const [opening, benReply] = await postIds(ben.page);
  await ben.page.click(`#post-${opening} .post-actions button`);
  assert.equal(await ben.page.getAttribute(`#post-${opening} .post-actions button`, 'aria-pressed'), 'true');
  assert.match(await textOf(ben.page, `#post-${opening} .post-score`), /1/);

  // Ann is notified, upvotes Ben's reply, then reports it by mistake as off-topic.
  await ann.page.click('header a[href="/en/notifications"]');
  assert.match(await textOf(ann.page, 'main'), /Ben Learner replied in “Who audits the auditors\?”/);
  await check(ann.page, 'notifications (en)');
  await ann.page.click('main .notification-list a');
  await ann.page.click(`#post-${benReply} .post-actions button`);
  await ann.page.click(`#post-${benReply} a[href$="/report"]`);
  await check(ann.page, 'report form');
  await ann.page.check('#field-reason-off-topic');
  await ann.page.fill('#field-note', 'Not about audits.');
  await ann.page.click('main form button[type=submit]');
  assert.match(ann.page.url(), /done=reported/);
  await ann.page.goto(`${base}/ko/notifications`);
  await check(ann.page, 'notifications (ko)');

  // The moderator works the queue: hides the reported reply, then locks the thread.
  const mod = await signIn(chromium, base, 'mod@example.org');
  await mod.page.click('header a[href="/en/moderation"]');
  assert.match(await textOf(mod.page, 'main'), /Reported posts \(1\)/);
  await check(mod.page, 'moderation queue (en)');
  await mod.page.click(`#queue-${benReply} details summary`);
  await check(mod.page, 'moderation tools open');
  await mod.page.selectOption(`#mod-reason-hide-${benReply}`, 'off-topic');
  await mod.page.fill(`#mod-note-hide-${benReply}`, 'Reported as off topic');
  await mod.page.click(`#queue-${benReply} form[action*="/hide"] button`);
  assert.match(mod.page.url(), /\/en\/moderation\?done=hidden$/);
  assert.match(await textOf(mod.page, 'main'), /Hid a post/);
  await mod.page.goto(`${base}/en${threadPath}`);
  assert.match(
    await textOf(mod.page, `#post-${benReply}`),
    /외부 기관이/,
    'moderators still read hidden posts',
  );
  await mod.page.click('details.lock-tools summary');
  await mod.page.fill('#mod-note-lock', 'Cooling down');
  await mod.page.click('form.lock-form button');
  assert.match(mod.page.url(), /done=locked/);
  await check(mod.page, 'locked thread (moderator)');
  await mod.page.goto(`${base}/ko/moderation`);
  await check(mod.page, 'moderation (ko)');
  await mod.page.goto(`${base}/ar/moderation`);
  assert.equal(await mod.page.getAttribute('html', 'dir'), 'rtl');
  await check(mod.page, 'moderation (ar)');
  await mod.page.goto(`${base}/ar${threadPath}`);
  await check(mod.page, 'thread (ar)');

  // Ben sees the placeholder and the lock.
  await ben.page.goto(`${base}/en${threadPath}`);
  const text = await textOf(ben.page, 'main');
  assert.match(text, /This post was hidden by a moderator\./);
  assert.doesNotMatch(text, /외부 기관이/);
  assert.match(text, /A moderator locked this thread/);
  assert.equal(await ben.page.locator('#reply').count(), 0, 'no reply form in a locked thread');
  await check(ben.page, 'locked thread (learner)');
  await ben.page.goto(`${base}/ar${UNIT_PATH}`);
  await check(ben.page, 'discussion (ar)');
  await ben.page.goto(`${base}/ar/notifications`);
  await check(ben.page, 'notifications (ar)');
  for (const session of [ann, ben, mod]) await session.context.close();
});

test('without JavaScript: start a thread, reply, upvote and edit with plain forms', async (t) => {
  // axe needs script timers, so it runs on these same pages in the journey above, with JavaScript.
  const { app } = await setUp(t, 'sqlite');
  await account(app, 'ann@example.org', 'Ann Learner');
  await account(app, 'ben@example.org', 'Ben Learner');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const chromium = await browser(t);

  const ann = await signIn(chromium, base, 'ann@example.org', false);
  await ann.page.goto(`${base}/en${UNIT_PATH}`);
  await ann.page.fill('#field-title', 'Plain forms');
  await ann.page.fill('#field-body', '<script>alert(1)</script> Still *fine*.');
  await ann.page.click('#new-thread button[type=submit]');
  // Refused next to the field, with the text kept; in backticks the same code is shown, not run.
  assert.match(await textOf(ann.page, '.field-error'), /Posts cannot contain scripts/);
  assert.equal(await ann.page.inputValue('#field-body'), '<script>alert(1)</script> Still *fine*.');
  await ann.page.fill('#field-body', '`<script>alert(1)</script>` Still *fine*.');
  await ann.page.click('#new-thread button[type=submit]');
  assert.match(ann.page.url(), /done=posted$/);
  assert.match(await textOf(ann.page, '.post-body'), /<script>alert\(1\)<\/script> Still fine\./);
  await ann.page.click('.post-actions a[href$="/edit"]');
  await ann.page.fill('#field-body', 'Edited without scripts.');
  await ann.page.click('main form button[type=submit]');
  assert.match(await textOf(ann.page, 'main'), /edited/);
  const threadUrl = ann.page.url().replace(/\?.*$/, '');

  const ben = await signIn(chromium, base, 'ben@example.org', false);
  await ben.page.goto(threadUrl);
  await ben.page.fill('#field-body', 'A reply without JavaScript.');
  await ben.page.click('#reply button[type=submit]');
  assert.match(await textOf(ben.page, 'main'), /A reply without JavaScript\./);
  await ben.page.click('article.post >> nth=0 >> .post-actions button');
  assert.match(await textOf(ben.page, 'article.post >> nth=0 >> .post-score'), /1 upvote/);
  await ben.page.goto(`${base}/en${UNIT_PATH}?sort=helpful&lang=en`);
  assert.match(await textOf(ben.page, 'main'), /Plain forms/);
  await ann.context.close();
  await ben.context.close();
});
