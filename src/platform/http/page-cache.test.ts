import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { agentWithRoles } from '../../../test/support/agent.ts';
import { buildTestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { readPackage } from '../../courses/package/read-package.ts';

const FIXTURE = join(import.meta.dirname, '../../../test/fixtures/courses/fixture-course');
const UNIT = '/en/courses/fixture-course/units/basics-intro';

/** The fixture course with the first unit's title replaced, as a new version would carry it. */
async function editedPackage(title: string) {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-edit-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const file = join(dir, 'modules/fixture-basics/basics-intro.en.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('title: Fixture introduction', `title: ${title}`));
  const { pkg } = await readPackage(dir);
  rmSync(dir, { recursive: true, force: true });
  return pkg!;
}

for (const engine of engines()) {
  describe(`page cache (${engine})`, () => {
    test('visitors get the same bytes from memory, compressed once, with an ETag and 304', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await app.services.courses.importPackage((await readPackage(FIXTURE)).pkg!, { publish: true });
      const stats = app.services.pageCache;
      const first = await app.inject(UNIT);
      assert.equal(first.statusCode, 200);
      const hits = stats.hits;
      const second = await app.inject(UNIT);
      assert.equal(stats.hits, hits + 1, 'the second view is a hit');
      assert.equal(second.body, first.body);
      const etag = String(second.headers.etag);
      assert.match(etag, /^"[\w-]{22}"$/);
      assert.equal(first.headers.etag, etag);
      const notModified = await app.inject({ url: UNIT, headers: { 'if-none-match': etag } });
      assert.equal(notModified.statusCode, 304);
      assert.equal(notModified.body, '');
      const br = await app.inject({ url: UNIT, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), first.body);
      const gzip = await app.inject({ url: UNIT, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gzip.rawPayload).toString(), first.body);
      // Each response still carries its own CSP nonce.
      assert.notEqual(br.headers['content-security-policy'], gzip.headers['content-security-policy']);
      // Another language is another page.
      const korean = await app.inject(UNIT.replace('/en/', '/ko/'));
      assert.match(korean.body, /<html lang="ko"/);
    });

    test('a signed-in viewer never gets the visitor page, and after signing out gets it again', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await app.services.courses.importPackage((await readPackage(FIXTURE)).pkg!, { publish: true });
      await app.inject('/en/courses');
      const visitor = await app.inject('/en/courses');
      const agent = await agentWithRoles(app, 'cached@example.org', []);
      const signedIn = await agent.get('/en/courses');
      assert.notEqual(signedIn.body, visitor.body);
      assert.match(signedIn.body, /sign-out/);
      assert.equal(signedIn.headers.etag, undefined, 'per-viewer pages carry no shared ETag');
      await agent.post('/en/sign-out', {}, { from: '/en/account' });
      const after = await agent.get('/en/courses');
      assert.doesNotMatch(after.body, /sign-out/);
    });

    test('publishing a new version shows on the next view, on this node and on another', async (t) => {
      const testApp = await buildTestApp(t, engine);
      const { app } = testApp;
      await app.services.courses.importPackage((await readPackage(FIXTURE)).pkg!, { publish: true });
      const other = await testApp.anotherNode();
      for (const node of [app, other]) {
        await node.inject(UNIT);
        assert.match((await node.inject(UNIT)).body, /Fixture introduction/);
      }
      // The write goes through the second node; the first has the old page in memory.
      await other.services.courses.importPackage(await editedPackage('Second edition introduction'), {
        publish: true,
      });
      for (const node of [app, other]) {
        const page = await node.inject(UNIT);
        assert.match(page.body, /Second edition introduction/);
        assert.doesNotMatch(page.body, /<h1>Fixture introduction/);
      }
    });

    test('a visitor page is re-rendered when an author name it shows changes', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await app.inject('/en');
      const generation = await app.services.database.db
        .selectFrom('cache_generations')
        .select('generation')
        .executeTakeFirstOrThrow();
      const { id } = await app.services.identity.addUser({ email: 'n@example.org', name: 'Old', roles: [] });
      await app.services.database.db.updateTable('users').set({ name: 'New' }).where('id', '=', id).execute();
      const after = await app.services.database.db
        .selectFrom('cache_generations')
        .select('generation')
        .executeTakeFirstOrThrow();
      assert.ok(Number(after.generation) > Number(generation.generation), 'a name change moves it on');
      const quiet = Number(after.generation);
      await app.services.database.db
        .updateTable('users')
        .set({ last_active_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      const still = await app.services.database.db
        .selectFrom('cache_generations')
        .select('generation')
        .executeTakeFirstOrThrow();
      assert.equal(Number(still.generation), quiet, 'activity timestamps do not flush the cache');
    });
  });
}
