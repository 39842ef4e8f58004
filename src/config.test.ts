import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 32/],
    [{ METRICS_ALLOW: '10.0.0.0/8, intranet' }, /^METRICS_ALLOW must list addresses or CIDR ranges/],
    [{ METRICS_ALLOW: '10.0.0.0/33' }, /^METRICS_ALLOW must list/],
    [{ MIN_FREE_DISK_MB: '-1' }, /^MIN_FREE_DISK_MB must be/],
    [{ BACKUP_DIR: '/tmp/praxis-backups' }, /^BACKUP_DIR is set but BACKUP_PASSPHRASE is not/],
    [{ BACKUP_PASSPHRASE: 'short' }, /^BACKUP_PASSPHRASE must be at least 12/],
    [{ BACKUP_KEEP: '0' }, /^BACKUP_KEEP must be/],
    [{ BACKUP_INTERVAL: '1m' }, /^BACKUP_INTERVAL must be a duration of at least 5 minutes/],
    [{ BACKUP_INTERVAL: 'daily' }, /^BACKUP_INTERVAL must be a duration/],
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

test('metrics and backup settings: allow-lists, durations and defaults', () => {
  const config = loadConfig({
    DATA_DIR: dataDir(),
    METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8,fd00::/8',
    BACKUP_DIR: 'backups',
    BACKUP_PASSPHRASE: 'correct horse battery',
    BACKUP_INTERVAL: '6h',
  });
  assert.deepEqual(config.metricsAllow, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
  assert.equal(config.backupIntervalMs, 6 * 3_600_000);
  assert.equal(config.backupKeep, 7);
  assert.match(config.backupDir ?? '', /^\/.+\/backups$/, 'resolved to an absolute path');
  const defaults = loadConfig({ DATA_DIR: dataDir() });
  assert.equal(defaults.backupIntervalMs, 86_400_000, 'daily');
  assert.equal(defaults.metricsToken, undefined);
  assert.equal(defaults.minFreeDiskMb, 100);
});
