import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { buildApp } from '../../app.ts';
import { ConfigError, loadConfig } from '../../config.ts';

for (const engine of engines()) {
  describe(`issuer identity on ${engine}`, () => {
    test('a CLI process without the server PORT signs with the issuer stored at first start', async (t) => {
      const { database, dataDir, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      // The server's first start, on port 4100 without PUBLIC_URL.
      const server = await buildApp({
        config: loadConfig({ DATA_DIR: dataDir, PORT: '4100' }),
        database,
        logger: false,
        jobs: 'off',
      });
      const served = (await server.inject('/.well-known/did.json')).json();
      assert.equal(served.id, 'did:web:localhost%3A4100');
      await server.close();

      // `npm run praxis -- demo` from a shell with neither PORT nor PUBLIC_URL.
      const cli = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), database, logger: false });
      t.after(() => cli.close());
      assert.equal(cli.praxisConfig.publicUrl, 'http://localhost:4100');
      const document = (await cli.inject('/.well-known/did.json')).json();
      assert.equal(document.id, 'did:web:localhost%3A4100');
    });

    test('a PUBLIC_URL that differs from the stored issuer stops start-up, naming the variable and the fix', async (t) => {
      const { database, dataDir, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      const first = await buildApp({
        config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://praxis.example.org/' }),
        database,
        logger: false,
        jobs: 'off',
      });
      await first.close();
      await assert.rejects(
        buildApp({
          config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://other.example.org' }),
          database,
          logger: false,
          jobs: 'off',
        }),
        (error: Error) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /PUBLIC_URL/);
          assert.match(error.message, /https:\/\/praxis\.example\.org/);
          assert.match(error.message, /issuer set/);
          return true;
        },
      );
      // The same URL (trailing slash aside) starts as before.
      const again = await buildApp({
        config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://praxis.example.org' }),
        database,
        logger: false,
        jobs: 'off',
      });
      t.after(() => again.close());
      assert.equal((await again.services.certificates.didDocument()).id, 'did:web:praxis.example.org');
    });
  });
}
