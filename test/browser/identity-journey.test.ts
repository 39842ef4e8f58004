import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildTestApp } from '../support/app.ts';
import { axeViolations, browser, latestMail } from '../support/browser.ts';

// axe needs JavaScript in the page, so the accessibility checks run in the JavaScript-enabled journeys;
// the no-JavaScript journey proves the same forms work with scripts off (the HTML is the same).
const RUNS = [
  { locale: 'en', javaScript: true },
  { locale: 'ko', javaScript: true },
  { locale: 'ar', javaScript: true },
  { locale: 'en', javaScript: false },
] as const;

let checkAccessibility = true;

async function expectAccessible(page: Page, label: string) {
  if (!checkAccessibility) return;
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe on ${label} (${page.url()})`);
}

describe('identity journey in Chromium', () => {
  for (const { locale, javaScript } of RUNS) {
    const mode = javaScript ? 'axe' : 'JavaScript off';
    test(`register → verify from the outbox → sign out → sign in → reset password (${locale}, ${mode})`, async (t) => {
      checkAccessibility = javaScript;
      const { app, dataDir } = await buildTestApp(t, 'sqlite', { fileOutbox: true });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const context = await (await browser(t)).newContext({ javaScriptEnabled: javaScript });
      t.after(() => context.close());
      const page = await context.newPage();
      const email = `journey-${locale}@example.org`;

      await page.goto(`${base}/${locale}`);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
      await expectAccessible(page, 'home');

      await page.click(`header a[href="/${locale}/register"]`);
      await expectAccessible(page, 'register');
      // Submitting nothing shows every error next to its field, in the page's language.
      await page.click('form[action$="/register"] button[type=submit]');
      assert.ok(await page.isVisible('.error-summary'));
      assert.equal(await page.getAttribute('#field-email', 'aria-describedby'), 'field-email-error');
      await expectAccessible(page, 'register with errors');

      await page.fill('#field-name', 'Journey Person');
      await page.fill('#field-email', email);
      await page.fill('#field-password', 'first password 123');
      await page.selectOption('#field-country', 'KE');
      await page.check('#field-consent');
      await page.click('form[action$="/register"] button[type=submit]');
      assert.match(page.url(), new RegExp(`/${locale}/register/check-email$`));
      await expectAccessible(page, 'check email');

      const verification = latestMail(dataDir, email);
      assert.ok(verification.link, 'the verification mail has a link');
      await page.goto(base + new URL(verification.link).pathname);
      await expectAccessible(page, 'verify');
      await page.click('main form button[type=submit]');
      assert.ok(await page.isVisible('header form[action$="/sign-out"]'), 'verifying signs the person in');

      await page.click('header form[action$="/sign-out"] button');
      assert.equal(new URL(page.url()).pathname, `/${locale}`);
      assert.equal(await page.isVisible('header form[action$="/sign-out"]'), false);

      await page.click(`header a[href^="/${locale}/sign-in"]`);
      await expectAccessible(page, 'sign in');
      await page.fill('#field-email', email);
      await page.fill('#field-password', 'wrong password 000');
      await page.click('main form button[type=submit]');
      assert.ok(await page.isVisible('.error-summary'));
      assert.equal(await page.inputValue('#field-email'), email, 'the email is kept after a failed sign-in');
      await expectAccessible(page, 'sign in failed');
      await page.fill('#field-password', 'first password 123');
      await page.click('main form button[type=submit]');
      await page.goto(`${base}/${locale}/account`);
      assert.equal(new URL(page.url()).pathname, `/${locale}/account`);
      assert.equal(await page.inputValue('#field-name'), 'Journey Person');
      await expectAccessible(page, 'account');
      await page.click('header form[action$="/sign-out"] button');

      await page.goto(`${base}/${locale}/forgot-password`);
      await expectAccessible(page, 'forgot password');
      await page.fill('#field-email', email);
      await page.click('main form button[type=submit]');
      await expectAccessible(page, 'reset sent');
      const reset = latestMail(dataDir, email);
      assert.match(reset.link ?? '', /\/reset-password\//);
      await page.goto(base + new URL(reset.link!).pathname);
      await expectAccessible(page, 'reset form');
      await page.fill('#field-password', 'second password 456');
      await page.fill('#field-confirm', 'second password 456');
      await page.click('main form button[type=submit]');
      assert.match(page.url(), /\/sign-in\?notice=reset$/);
      await expectAccessible(page, 'sign in after reset');
      await page.fill('#field-email', email);
      await page.fill('#field-password', 'second password 456');
      await page.click('main form button[type=submit]');
      await page.goto(`${base}/${locale}/account`);
      assert.equal(new URL(page.url()).pathname, `/${locale}/account`, 'signed in with the new password');

      for (const path of ['/privacy', '/accessibility', '/terms', '/no-such-page']) {
        await page.goto(`${base}/${locale}${path}`);
        await expectAccessible(page, path);
      }
    });
  }

  test('the layout holds at 320 px without horizontal scrolling', async (t) => {
    const { app } = await buildTestApp(t, 'sqlite');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const context = await (await browser(t)).newContext({ viewport: { width: 320, height: 640 } });
    t.after(() => context.close());
    const page = await context.newPage();
    for (const path of ['/en', '/ko/register', '/ar/sign-in']) {
      await page.goto(base + path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    }
  });
});
