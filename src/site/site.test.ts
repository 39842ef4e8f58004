import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

for (const engine of engines()) {
  describe(`platform HTTP on ${engine}`, () => {
    test('health and readiness', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const health = await app.inject('/healthz');
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await app.inject('/readyz');
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().database, true);
    });

    test('/ picks the language from the cookie, then Accept-Language', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const byHeader = await app.inject({
        url: '/',
        headers: { 'accept-language': 'fr-CA;q=0.4, ko-KR, en;q=0.8' },
      });
      assert.equal(byHeader.statusCode, 302);
      assert.equal(byHeader.headers.location, '/ko');
      const unknown = await app.inject({ url: '/', headers: { 'accept-language': 'de, it;q=0.5' } });
      assert.equal(unknown.headers.location, '/en');
      const byCookie = await app.inject({
        url: '/',
        headers: { 'accept-language': 'ko', cookie: 'praxis_locale=ar' },
      });
      assert.equal(byCookie.headers.location, '/ar');
      const visit = await app.inject('/es/privacy');
      assert.match(
        String(visit.headers['set-cookie']),
        /praxis_locale=es/,
        'visiting a language remembers it',
      );
    });

    test('pages carry lang, dir, hreflang alternates and a language switcher that keeps the page', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const arabic = await app.inject('/ar/privacy');
      assert.equal(arabic.statusCode, 200);
      assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
      const korean = await app.inject('/ko/terms');
      assert.match(korean.body, /<html lang="ko" dir="ltr">/);
      assert.match(korean.body, /<h1>이용약관<\/h1>/);
      assert.match(
        korean.body,
        /<link rel="alternate" hreflang="zh-Hans" href="http:\/\/praxis.test\/zh\/terms"\/>/,
      );
      assert.match(korean.body, /href="\/en\/terms" hreflang="en" lang="en"/);
      assert.match(korean.body, /<a class="skip-link" href="#main">/);
      assert.match(korean.body, /<main id="main"/);
    });

    test('unknown locale and unknown page get a localized 404 page', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const badLocale = await app.inject('/xx/terms');
      assert.equal(badLocale.statusCode, 404);
      assert.match(badLocale.body, /Page not found/);
      const korean = await app.inject('/ko/no-such-page');
      assert.equal(korean.statusCode, 404);
      assert.match(korean.body, /페이지를 찾을 수 없습니다/);
      const api = await app.inject('/api/v1/nothing');
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().error, 'notFound');
    });

    test('security headers and a nonce-based CSP; no inline script or style without the nonce', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const response = await app.inject('/en');
      const csp = String(response.headers['content-security-policy']);
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      // Executable script is a same-origin file or carries this response's nonce; JSON-LD is a data
      // block that browsers never run.
      for (const tag of response.body.match(/<script\b[^>]*>/g) ?? []) {
        assert.ok(
          tag.includes('src=') ||
            tag.includes(`nonce="${nonce}"`) ||
            tag.includes('type="application/ld+json"'),
          tag,
        );
      }
      assert.doesNotMatch(response.body, /<style\b|style="/, 'styles come from the stylesheet');
      const again = await app.inject('/en');
      assert.notEqual(again.headers['content-security-policy'], csp, 'a fresh nonce per response');
    });

    test('fingerprinted assets are cached immutably and compressed', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const page = await app.inject('/en');
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1];
      assert.match(String(href), /^\/assets\/css\/site\.[0-9a-f]{10}\.css$/);
      const css = await app.inject({ url: href!, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(css.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(css.rawPayload).toString(), /--accent/);
      const etag = String(css.headers.etag);
      assert.equal((await app.inject({ url: href!, headers: { 'if-none-match': etag } })).statusCode, 304);
      assert.equal((await app.inject('/assets/css/site.0000000000.css')).statusCode, 404);
    });

    test('an oversized body gets 413 and a malformed one 400, as pages, not stack traces', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const big = await app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${'a'.repeat(1024 * 1024 + 10)}`,
      });
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /Too much data/);
      const json = await app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/json' },
        payload: '{"broken',
      });
      assert.ok([400, 415].includes(json.statusCode), String(json.statusCode));
      assert.doesNotMatch(json.body, /at .*\(.*:\d+:\d+\)/);
    });

    test('an unexpected failure is a localized 500 page with no details', async (t) => {
      const { app } = await buildTestApp(t, engine);
      app.get('/:locale/boom', async () => {
        throw new Error('secret internal detail');
      });
      const response = await app.inject('/ko/boom');
      assert.equal(response.statusCode, 500);
      assert.match(response.body, /서버에서 문제가 발생했습니다/);
      assert.doesNotMatch(response.body, /secret internal detail/);
    });

    test('the home page says what Praxis is and whom it serves', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const response = await app.inject('/en');
      assert.equal(response.statusCode, 200);
      assert.match(
        response.body,
        /UNESCO&#39;s Recommendation on the Ethics of Artificial Intelligence|UNESCO's Recommendation/,
      );
      assert.match(response.body, /Whom Praxis serves/);
      assert.match(response.body, /<meta name="description"/);
    });
  });
}
