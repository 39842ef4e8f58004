import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';

for (const engine of engines()) {
  describe(`/readyz on ${engine}`, () => {
    test('reports each check and answers 200 when all pass', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.status, 'ready');
      assert.deepEqual(Object.keys(body.checks).sort(), ['dataDir', 'database', 'jobs', 'migrations']);
      assert.equal(body.checks.database.ok, true);
      assert.deepEqual(body.checks.migrations, { ok: true, pending: [] });
      assert.equal(body.checks.dataDir.ok, true);
      assert.ok(body.checks.dataDir.freeBytes > 0);
      assert.equal(body.checks.jobs.ok, true, 'the job queue is on /readyz');
    });

    test('a pending migration fails it with 503 and names the migration', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await sql`delete from kysely_migration where name = '0009-settings'`.execute(app.services.database.db);
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().status, 'unavailable');
      assert.deepEqual(response.json().checks.migrations, { ok: false, pending: ['0009-settings'] });
    });

    test('a DATA_DIR that cannot be written, or is short of space, fails it with 503', async (t) => {
      const short = await buildTestApp(t, engine, { env: { MIN_FREE_DISK_MB: '10000000' } });
      const low = (await short.app.inject('/readyz')).json();
      assert.equal(low.checks.dataDir.ok, false);
      assert.equal(low.checks.dataDir.error, 'low disk space');

      const { app, dataDir } = await buildTestApp(t, engine);
      // DATA_DIR gone and a plain file in its place: nothing can be written under it.
      renameSync(dataDir, `${dataDir}.moved`);
      writeFileSync(dataDir, '');
      t.after(() => rmSync(`${dataDir}.moved`, { recursive: true, force: true }));
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().checks.dataDir.ok, false);
      assert.equal(response.json().checks.dataDir.error, 'ENOTDIR');
      rmSync(dataDir);
      renameSync(`${dataDir}.moved`, dataDir);
      assert.equal((await app.inject('/readyz')).statusCode, 200, 'and recovers when it is writable again');
    });

    test('other modules add checks; one failing fails the whole', async (t) => {
      const { app } = await buildTestApp(t, engine);
      let stuck = false;
      app.services.readiness.add('example', async () => ({
        ok: !stuck,
        oldestReadyAgeSeconds: stuck ? 900 : 0,
      }));
      assert.equal((await app.inject('/readyz')).json().checks.example.ok, true);
      stuck = true;
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 503);
      assert.deepEqual(response.json().checks.example, { ok: false, oldestReadyAgeSeconds: 900 });
    });
  });
}
