import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, agentWithRoles } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

const tokenOn = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const PROFILE = { name: 'Changed Name', country: 'KR', locale: 'en' };

for (const engine of engines()) {
  describe(`CSRF tokens and sessions on ${engine}`, () => {
    test('a token from before sign-in is refused after it, with the localized message', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await app.services.identity.addUser({
        email: 'ada@uni.example',
        name: 'Ada',
        roles: [],
        password: 'ada password 12',
      });
      const agent = new Agent(app);
      const before = tokenOn((await agent.get('/ko/sign-in')).body);
      assert.ok(before);
      const signedIn = await agent.post('/ko/sign-in', {
        email: 'ada@uni.example',
        password: 'ada password 12',
      });
      assert.equal(signedIn.statusCode, 303);
      assert.ok(
        String(signedIn.headers['set-cookie']).includes('_csrf=;'),
        'the secret is replaced at sign-in',
      );

      const stale = await agent.post('/ko/account/profile', PROFILE, { csrf: before });
      assert.equal(stale.statusCode, 403);
      assert.match(stale.body, /로그인이나 로그아웃 전에, 또는 다른 세션에서 연 것이라/);
      assert.equal((await app.services.identity.findByEmail('ada@uni.example'))!.name, 'Ada');

      const fresh = await agent.post('/ko/account/profile', PROFILE, { from: '/ko/account' });
      assert.equal(fresh.statusCode, 303, 'a token from the signed-in page works');
      assert.equal((await app.services.identity.findByEmail('ada@uni.example'))!.name, 'Changed Name');
    });

    test('a token from another session is refused, even with that session’s secret cookie', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const ada = await agentWithRoles(app, 'ada@uni.example', []);
      const eve = await agentWithRoles(app, 'eve@uni.example', []);
      const adaToken = tokenOn((await ada.get('/en/account')).body);
      await eve.get('/en/account');
      // Eve holds Ada's CSRF secret and a token made with it, but her own session.
      eve.cookies.set('_csrf', ada.cookies.get('_csrf')!);
      const forged = await eve.post('/en/account/profile', PROFILE, { csrf: adaToken });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /opened before you signed in or out, or in another session/);
      assert.equal((await app.services.identity.findByEmail('eve@uni.example'))!.name, 'eve');
    });

    test('a token from before sign-out is refused after it', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const ada = await agentWithRoles(app, 'ada@uni.example', []);
      const during = tokenOn((await ada.get('/en/account')).body);
      const secret = ada.cookies.get('_csrf')!;
      const out = await ada.post('/en/sign-out', {});
      assert.equal(out.statusCode, 303);
      assert.notEqual(ada.cookies.get('_csrf'), secret, 'the secret is replaced at sign-out');
      // Even replayed with the old secret, the token was bound to the ended session.
      ada.cookies.set('_csrf', secret);
      const replay = await ada.post('/en/forgot-password', { email: 'ada@uni.example' }, { csrf: during });
      assert.equal(replay.statusCode, 403);
    });
  });
}
