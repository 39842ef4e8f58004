import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'praxis-config-'));

test('defaults give an embedded instance on port 3000', () => {
  const config = loadConfig({ DATA_DIR: dataDir() });
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.cookieSecret.length, 43, 'a secret is generated once');
});

test('the generated cookie secret is kept in DATA_DIR with owner-only permissions', async () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir }).cookieSecret;
  assert.equal(loadConfig({ DATA_DIR: dir }).cookieSecret, first);
  const { statSync } = await import('node:fs');
  assert.equal(statSync(join(dir, 'cookie-secret')).mode & 0o777, 0o600);
});

test('a bad variable stops start-up with a message that names it', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^PORT must be/],
    [{ PORT: '70000' }, /^PORT must be/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must use/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a URL/],
    [{ PUBLIC_URL: 'ftp://x' }, /^PUBLIC_URL must use/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be true or false/],
    [{ COOKIE_SECRET: 'short' }, /^COOKIE_SECRET must be at least 32/],
    [{ WORKERS: '0' }, /^WORKERS must be/],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, /^SQLITE_SYNCHRONOUS must be NORMAL or FULL/],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 32/],
    [{ METRICS_ALLOW: '10.0.0.0/8, intranet' }, /^METRICS_ALLOW must list addresses or CIDR ranges/],
    [{ METRICS_ALLOW: '10.0.0.0/33' }, /^METRICS_ALLOW must list/],
    [{ MIN_FREE_DISK_MB: '-1' }, /^MIN_FREE_DISK_MB must be/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), ...env }),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test('serve uses every core unless WORKERS says otherwise', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).workers, availableParallelism());
  assert.equal(loadConfig({ DATA_DIR: dataDir(), WORKERS: '1' }).workers, 1);
});

test('a DATA_DIR that cannot be written is named at start, not met as a stack trace on the first write', () => {
  // /proc/1 exists and refuses new files even to root, as a read-only mount does.
  assert.throws(
    () => loadConfig({ DATA_DIR: '/proc/1' }),
    (error) => error instanceof ConfigError && /^DATA_DIR "\/proc\/1" is not writable: /.test(error.message),
  );
});

test('SQLITE_SYNCHRONOUS is NORMAL unless set to FULL', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).sqliteSynchronous, 'normal');
  assert.equal(loadConfig({ DATA_DIR: dataDir(), SQLITE_SYNCHRONOUS: 'FULL' }).sqliteSynchronous, 'full');
  assert.equal(loadConfig({ DATA_DIR: dataDir(), SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous, 'normal');
});

test('metrics settings: allow-lists and defaults', () => {
  const config = loadConfig({
    DATA_DIR: dataDir(),
    METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8,fd00::/8',
  });
  assert.deepEqual(config.metricsAllow, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
  const defaults = loadConfig({ DATA_DIR: dataDir() });
  assert.equal(defaults.metricsToken, undefined);
  assert.equal(defaults.minFreeDiskMb, 100);
});
