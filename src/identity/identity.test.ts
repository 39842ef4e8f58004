import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signedInAgent } from '../../test/support/agent.ts';
import { buildTestApp, linkIn } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

const PASSWORD = 'a long enough password';

for (const engine of engines()) {
  describe(`identity on ${engine}`, () => {
    test('registration validates every field, keeps the input and localizes the errors', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = new Agent(app);
      const response = await agent.post(
        '/ko/register',
        { name: '  ', email: 'not-an-email', password: 'short', country: 'XX', locale: 'ko' },
        { from: '/ko/register' },
      );
      assert.equal(response.statusCode, 422);
      assert.match(response.body, /value="not-an-email"/, 'the typed email is kept');
      assert.match(response.body, /name@example\.org 형식의 이메일 주소를 입력해 주세요/);
      assert.match(response.body, /비밀번호는 10자 이상이어야 합니다/);
      assert.match(response.body, /id="field-email-error"/);
      assert.match(response.body, /aria-describedby="field-email-error"/);
      assert.match(response.body, /aria-invalid="true"/);
      assert.match(response.body, /이용약관과 개인정보 처리방침에 동의해 주세요/);
      assert.doesNotMatch(response.body, /value="short"/, 'passwords are never echoed back');
      assert.equal(outbox.length, 0);
    });

    test('register → verification mail → verify → sign out → sign in', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = new Agent(app);
      const registered = await agent.post(
        '/en/register',
        {
          name: 'Ada Example',
          email: 'Ada@Example.org',
          password: PASSWORD,
          country: 'GH',
          locale: 'ko',
          consent: 'yes',
        },
        { from: '/en/register' },
      );
      assert.equal(registered.statusCode, 303);
      assert.equal(registered.headers.location, '/en/register/check-email');
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0]!.to, 'ada@example.org');
      assert.equal(outbox[0]!.locale, 'ko', 'mail goes out in the language the person chose');
      assert.match(outbox[0]!.subject, /이메일 주소를 인증해 주세요/);

      const verifyPath = linkIn(outbox[0]);
      const confirmPage = await agent.get(verifyPath);
      assert.equal(confirmPage.statusCode, 200, 'opening the link only shows a confirm button');
      const verified = await agent.post(verifyPath, {});
      assert.equal(verified.statusCode, 200);
      assert.match(verified.body, /이메일 주소가 인증되었습니다/);
      const reused = await agent.post(verifyPath, {}, { from: '/ko/sign-in' });
      assert.equal(reused.statusCode, 410, 'a link works once');

      const signIn = await agent.post(
        '/ko/sign-in?next=%2Faccount',
        { email: 'ada@example.org', password: PASSWORD },
        { from: '/ko/sign-in' },
      );
      assert.equal(signIn.statusCode, 303);
      assert.equal(signIn.headers.location, '/ko/account');
      const account = await agent.get('/ko/account');
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /Ada Example/);
      assert.doesNotMatch(account.body, /verify-heading/, 'verified accounts are not asked to verify again');

      const signOut = await agent.post('/ko/sign-out', {});
      assert.equal(signOut.statusCode, 303);
      const after = await agent.get('/ko/account');
      assert.equal(after.statusCode, 303, 'signed out: account page redirects to sign in');
      assert.equal(after.headers.location, '/ko/sign-in?next=%2Faccount');
    });

    test('registering a taken address looks the same and mails the owner, not the caller', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      await signedInAgent(app, outbox, { email: 'owner@example.org' });
      const count = outbox.length;
      const agent = new Agent(app);
      const response = await agent.post(
        '/en/register',
        {
          name: 'Impostor',
          email: 'OWNER@example.org',
          password: PASSWORD,
          country: 'FR',
          locale: 'en',
          consent: 'yes',
        },
        { from: '/en/register' },
      );
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/en/register/check-email');
      assert.equal(outbox.length, count + 1);
      assert.equal(outbox.at(-1)!.subject, 'You already have an account');
    });

    test('sign-in failures never say whether the address exists, and throttle per account', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      await signedInAgent(app, outbox, { email: 'known@example.org' });
      const agent = new Agent(app);
      const wrongPassword = await agent.post(
        '/en/sign-in',
        { email: 'known@example.org', password: 'wrong password!' },
        { from: '/en/sign-in' },
      );
      const unknownEmail = await agent.post(
        '/en/sign-in',
        { email: 'nobody@example.org', password: 'wrong password!' },
        { from: '/en/sign-in' },
      );
      assert.equal(wrongPassword.statusCode, 401);
      assert.equal(unknownEmail.statusCode, 401);
      const message = (body: string) => /<div class="error-summary"[^>]*><p>([^<]+)<\/p>/.exec(body)?.[1];
      assert.equal(message(wrongPassword.body), 'The email address or password is not correct.');
      assert.equal(message(unknownEmail.body), message(wrongPassword.body));
      assert.match(wrongPassword.body, /value="known@example.org"/, 'the email is kept');

      for (let i = 0; i < 4; i++) {
        await agent.post(
          '/en/sign-in',
          { email: 'known@example.org', password: 'still wrong!!' },
          { from: '/en/sign-in' },
        );
      }
      const throttled = await agent.post(
        '/en/sign-in',
        { email: 'known@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      assert.equal(throttled.statusCode, 429, 'even the right password waits once the account is throttled');
      assert.match(throttled.body, /Too many unsuccessful attempts/);
    });

    test('per-IP rate limit on sign-in answers 429 with a localized page', async (t) => {
      const { app } = await buildTestApp(t, engine, { limits: { signIn: { max: 2, timeWindow: 60_000 } } });
      const agent = new Agent(app);
      for (let i = 0; i < 2; i++) {
        const r = await agent.post(
          '/ko/sign-in',
          { email: `p${i}@example.org`, password: 'whatever123' },
          { from: '/ko/sign-in' },
        );
        assert.equal(r.statusCode, 401);
      }
      const limited = await agent.post(
        '/ko/sign-in',
        { email: 'p9@example.org', password: 'whatever123' },
        { from: '/ko/sign-in' },
      );
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /시도 횟수가 너무 많습니다/);
      assert.doesNotMatch(limited.body, /at .*\.ts:\d+/, 'no stack trace');
    });

    test('forms without a valid CSRF token are refused cleanly', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = await signedInAgent(app, outbox, { email: 'csrf@example.org' });
      const missing = await agent.post(
        '/en/account/profile',
        { name: 'X', country: 'KR', locale: 'en' },
        { csrf: null },
      );
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /Not allowed/);
      const forged = await agent.post(
        '/en/account/profile',
        { name: 'X', country: 'KR', locale: 'en' },
        { csrf: 'forged-token' },
      );
      assert.equal(forged.statusCode, 403);
      const anonymous = new Agent(app);
      const noCookie = await anonymous.post(
        '/en/sign-in',
        { email: 'csrf@example.org', password: PASSWORD },
        { csrf: 'x' },
      );
      assert.equal(noCookie.statusCode, 403, 'sign-in forms are protected too (login CSRF)');
      const account = await agent.get('/en/account');
      assert.match(account.body, /value="Test Person"/, 'nothing changed');
    });

    test('password reset: generic answer, one-hour link, sessions end, link works once', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = await signedInAgent(app, outbox, { email: 'reset@example.org' });
      const other = new Agent(app);
      const unknown = await other.post(
        '/en/forgot-password',
        { email: 'nobody@example.org' },
        { from: '/en/forgot-password' },
      );
      const known = await other.post(
        '/en/forgot-password',
        { email: 'reset@example.org' },
        { from: '/en/forgot-password' },
      );
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.equal(unknown.body.replace(/value="[^"]*"/g, ''), known.body.replace(/value="[^"]*"/g, ''));
      const mail = outbox.at(-1)!;
      assert.equal(mail.to, 'reset@example.org');
      const path = linkIn(mail);
      assert.match(path, /^\/en\/reset-password\//);

      const mismatch = await other.post(
        path,
        { password: 'new password 123', confirm: 'different 123' },
        { from: path },
      );
      assert.equal(mismatch.statusCode, 422);
      assert.match(mismatch.body, /The two passwords do not match/);
      const done = await other.post(
        path,
        { password: 'new password 123', confirm: 'new password 123' },
        { from: path },
      );
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/en/sign-in?notice=reset');
      assert.equal((await other.get(path)).statusCode, 410);

      assert.equal((await agent.get('/en/account')).statusCode, 303, 'the old session ended');
      const oldPassword = await other.post(
        '/en/sign-in',
        { email: 'reset@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      assert.equal(oldPassword.statusCode, 401);
      const newPassword = await other.post(
        '/en/sign-in',
        { email: 'reset@example.org', password: 'new password 123' },
        { from: '/en/sign-in' },
      );
      assert.equal(newPassword.statusCode, 303);
    });

    test('change password keeps this session and ends the others; change email needs the new inbox', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const first = await signedInAgent(app, outbox, { email: 'mover@example.org' });
      const second = new Agent(app);
      await second.post(
        '/en/sign-in',
        { email: 'mover@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      assert.equal((await second.get('/en/account')).statusCode, 200);

      const wrong = await first.post(
        '/en/account/password',
        { current: 'not it at all', password: 'brand new pass 1', confirm: 'brand new pass 1' },
        { from: '/en/account' },
      );
      assert.equal(wrong.statusCode, 422);
      assert.match(wrong.body, /That password is not correct/);
      const changed = await first.post(
        '/en/account/password',
        { current: PASSWORD, password: 'brand new pass 1', confirm: 'brand new pass 1' },
        { from: '/en/account' },
      );
      assert.equal(changed.statusCode, 303);
      assert.equal((await first.get('/en/account')).statusCode, 200);
      assert.equal((await second.get('/en/account')).statusCode, 303);

      const request = await first.post(
        '/en/account/email',
        { newEmail: 'moved@example.org', emailPassword: 'brand new pass 1' },
        { from: '/en/account' },
      );
      assert.equal(request.statusCode, 303);
      const mail = outbox.at(-1)!;
      assert.equal(mail.to, 'moved@example.org');
      const path = linkIn(mail);
      const confirmed = await first.post(path, {}, { from: path });
      assert.equal(confirmed.statusCode, 303);
      const account = await first.get('/en/account?done=email-changed');
      assert.match(account.body, /moved@example\.org/);
      assert.match(account.body, /Your email address has been changed/);
    });

    test('sign out everywhere ends every other session', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const first = await signedInAgent(app, outbox, { email: 'everywhere@example.org' });
      const second = new Agent(app);
      await second.post(
        '/en/sign-in',
        { email: 'everywhere@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      const page = await first.get('/en/account');
      assert.equal((page.body.match(/praxis-test-agent/g) ?? []).length, 2, 'both sessions are listed');
      await first.post('/en/account/sign-out-everywhere', {});
      assert.equal((await first.get('/en/account')).statusCode, 200);
      assert.equal((await second.get('/en/account')).statusCode, 303);
    });

    test('data export holds the account, and deletion removes personal data but keeps the count', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = await signedInAgent(app, outbox, { email: 'leaver@example.org', name: 'Lee Leaver' });
      const exported = await agent.get('/en/account/export');
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-disposition']), /attachment/);
      const data = JSON.parse(exported.body);
      assert.equal(data.account.email, 'leaver@example.org');
      assert.equal(data.account.country, 'KR');
      assert.deepEqual(data.account.roles, ['learner']);
      assert.equal(data.sessions.length, 1);
      assert.equal(data.account.password_hash, undefined);

      const unconfirmed = await agent.post(
        '/en/account/delete',
        { current: PASSWORD },
        { from: '/en/account/delete' },
      );
      assert.equal(unconfirmed.statusCode, 422);
      const wrong = await agent.post(
        '/en/account/delete',
        { current: 'wrong password', confirm: 'yes' },
        { from: '/en/account/delete' },
      );
      assert.equal(wrong.statusCode, 422);
      const deleted = await agent.post(
        '/en/account/delete',
        { current: PASSWORD, confirm: 'yes' },
        { from: '/en/account/delete' },
      );
      assert.equal(deleted.statusCode, 303);

      const { db } = app.services.database;
      const rows = await db.selectFrom('users').selectAll().execute();
      assert.equal(rows.length, 1, 'the row stays, so aggregate counts keep their numbers');
      assert.equal(rows[0]!.name, '');
      assert.equal(rows[0]!.password_hash, null);
      assert.doesNotMatch(rows[0]!.email, /leaver/);
      assert.equal(rows[0]!.country, 'KR');
      assert.notEqual(rows[0]!.deleted_at, null);
      const again = new Agent(app);
      const signIn = await again.post(
        '/en/sign-in',
        { email: 'leaver@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      assert.equal(signIn.statusCode, 401);
      const reRegister = await again.post(
        '/en/register',
        {
          name: 'New Leaver',
          email: 'leaver@example.org',
          password: PASSWORD,
          country: 'KR',
          locale: 'en',
          consent: 'yes',
        },
        { from: '/en/register' },
      );
      assert.equal(reRegister.statusCode, 303);
      assert.equal(outbox.at(-1)!.subject, 'Confirm your email address', 'the address is free again');
    });

    test('admin pages: visitors sign in, learners are refused, admins change roles but not their own', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const visitor = new Agent(app);
      const redirected = await visitor.get('/en/admin/users');
      assert.equal(redirected.statusCode, 303);
      assert.match(String(redirected.headers.location), /^\/en\/sign-in\?next=/);

      const learner = await signedInAgent(app, outbox, {
        email: 'learner@example.org',
        name: 'Lena Learner',
      });
      assert.equal((await learner.get('/en/admin/users')).statusCode, 403);
      const { identity } = app.services;
      const target = (await identity.findByEmail('learner@example.org'))!;
      const denied = await learner.post(
        `/en/admin/users/${target.id}/roles`,
        { roles: ['admin'] },
        { from: '/en/account' },
      );
      assert.equal(denied.statusCode, 403, 'a learner cannot make themselves admin');
      assert.deepEqual(await identity.rolesOf(target.id), ['learner']);

      await identity.addUser({
        email: 'admin@example.org',
        name: 'Ari Admin',
        roles: ['admin'],
        password: PASSWORD,
      });
      const admin = new Agent(app);
      await admin.post(
        '/en/sign-in',
        { email: 'admin@example.org', password: PASSWORD },
        { from: '/en/sign-in' },
      );
      const list = await admin.get('/en/admin/users?q=lena');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Lena Learner/);
      assert.doesNotMatch(list.body, /Ari Admin/, 'the search filters');
      const saved = await admin.post(
        `/en/admin/users/${target.id}/roles`,
        { roles: ['learner', 'reviewer'] },
        { from: '/en/admin/users' },
      );
      assert.equal(saved.statusCode, 303);
      assert.deepEqual(await identity.rolesOf(target.id), ['learner', 'reviewer']);
      const audit = await app.services.database.db.selectFrom('audit_log').selectAll().execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'user.roles.set');

      const self = (await identity.findByEmail('admin@example.org'))!;
      const own = await admin.post(
        `/en/admin/users/${self.id}/roles`,
        { roles: ['learner'] },
        { from: '/en/admin/users' },
      );
      assert.equal(own.statusCode, 403);
      assert.deepEqual(await identity.rolesOf(self.id), ['learner', 'admin']);
      const missing = await admin.post(
        '/en/admin/users/nope/roles',
        { roles: ['learner'] },
        { from: '/en/admin/users' },
      );
      assert.equal(missing.statusCode, 404);
    });

    test('CLI-created accounts get a one-time set-password link', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { setPasswordLink } = await app.services.identity.addUser({
        email: 'op@example.org',
        name: 'Op',
        roles: ['moderator'],
      });
      assert.ok(setPasswordLink);
      const path = new URL(setPasswordLink).pathname;
      const agent = new Agent(app);
      const set = await agent.post(
        path,
        { password: 'operator pass 1', confirm: 'operator pass 1' },
        { from: path },
      );
      assert.equal(set.statusCode, 303);
      const signIn = await agent.post(
        '/en/sign-in',
        { email: 'op@example.org', password: 'operator pass 1' },
        { from: '/en/sign-in' },
      );
      assert.equal(signIn.statusCode, 303);
    });

    test('a tampered or malformed session cookie is ignored, not an error', async (t) => {
      const { app } = await buildTestApp(t, engine);
      for (const cookie of [
        'praxis_session=%%%bad',
        `praxis_session=${'A'.repeat(43)}`,
        'praxis_session',
        '=;;==;',
      ]) {
        const response = await app.inject({ method: 'GET', url: '/en/account', headers: { cookie } });
        assert.equal(response.statusCode, 303, cookie);
      }
    });
  });
}
