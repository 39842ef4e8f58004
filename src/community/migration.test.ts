import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { down, up } from '../platform/db/migrations/0005-community.ts';

for (const engine of engines()) {
  test(`the community migration goes down and up again on ${engine}`, async (t) => {
    const { database, dispose } = await createTestDatabase(engine);
    t.after(dispose);
    await database.migrate();
    await down(database.db);
    await assert.rejects(database.db.selectFrom('discussion_threads').selectAll().execute());
    await up(database.db);
    assert.deepEqual(await database.db.selectFrom('discussion_posts').selectAll().execute(), []);
  });
}
