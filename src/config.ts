import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

/** Everything the platform reads from its environment, validated once at boot. */
export interface Config {
  /** TCP port to listen on. */
  port: number;
  /** Interface to listen on; `localhost` listens on both IPv4 and IPv6 loopback. */
  host: string;
  /**
   * The address users reach the platform at; used in emails, feeds and credentials. It is also the
   * credential issuer, stored at first start: when PUBLIC_URL is unset, every later process uses the
   * stored one (see src/platform/settings/issuer.ts), not one derived from its own PORT.
   */
  publicUrl: string;
  /** Whether PUBLIC_URL was set (and must then match the stored issuer), or derived from PORT. */
  publicUrlFromEnv: boolean;
  /** Where the embedded database, uploads, outbox and keys live. */
  dataDir: string;
  /** PostgreSQL connection string; the embedded SQLite database is used when unset. */
  databaseUrl: string | undefined;
  /** SMTP connection string; when unset, mail is written as .eml files to DATA_DIR/outbox. */
  smtpUrl: string | undefined;
  /** The From address of outgoing mail. */
  mailFrom: string;
  /** Redis connection string; when set, rate-limit counters are shared between nodes. */
  redisUrl: string | undefined;
  /** Secret that signs cookies; generated into DATA_DIR on first start when unset. */
  cookieSecret: string;
  /** pino log level. */
  logLevel: string;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  /** Name of the organisation that runs this instance (footer, certificates). */
  operatorName: string;
  /** The organisation's web address: the issuer URL on certificates (OPERATOR_URL, else publicUrl). */
  operatorUrl: string;
  /** Whether OPERATOR_URL was set; otherwise it follows the stored publicUrl. */
  operatorUrlFromEnv: boolean;
  /** How many worker processes `serve` runs; 1 runs in-process. */
  workers: number;
  /**
   * SQLite's `synchronous` setting: `normal` (default) keeps every commit through a killed process,
   * `full` also through a power loss or OS crash, at the cost of an fsync per commit.
   */
  sqliteSynchronous: 'normal' | 'full';
  /** METRICS_TOKEN: a Bearer token that opens /metrics (at least 32 characters). */
  metricsToken: string | undefined;
  /** METRICS_ALLOW: addresses or CIDR ranges (comma-separated) that may read /metrics without a token. */
  metricsAllow: string[];
  /** MIN_FREE_DISK_MB: /readyz fails when DATA_DIR's file system has less free space than this. */
  minFreeDiskMb: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(', ')}); got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}; got "${parsed.protocol}"`);
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
}

/** An address or CIDR range, IPv4 or IPv6: "10.0.0.0/8", "::1", "192.168.1.5". */
function cidrList(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const item = entry.trim();
    const [address, prefix, extra] = item.split('/');
    const family = isIP(address ?? '');
    const bits = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (!family || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        `${name} must list addresses or CIDR ranges, comma-separated; "${item}" is neither`,
      );
    }
    return item;
  });
}

/** Reads the cookie secret from the environment, else from DATA_DIR, creating it owner-only once. */
function cookieSecret(env: Env, dataDir: string): string {
  const raw = env.COOKIE_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('COOKIE_SECRET must be at least 32 characters long');
    return raw;
  }
  const file = join(dataDir, 'cookie-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || 'localhost';
  const configuredUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']);
  const publicUrl = (configuredUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
  const operatorUrl = url(env, 'OPERATOR_URL', ['http:', 'https:']);
  const dataDir = resolve(env.DATA_DIR || './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR "${dataDir}" cannot be created: ${(error as Error).message}`);
  }
  // The database, uploads, outbox and keys all live here: a read-only DATA_DIR is said at start, by
  // name, rather than as the first write's stack trace.
  const probe = join(dataDir, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new ConfigError(`DATA_DIR "${dataDir}" is not writable: ${(error as Error).message}`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }
  const mailFrom = env.MAIL_FROM || 'Praxis <no-reply@localhost>';
  if (!/@/.test(mailFrom))
    throw new ConfigError(`MAIL_FROM must contain an email address; got "${mailFrom}"`);
  const sqliteSynchronous = (env.SQLITE_SYNCHRONOUS || 'normal').toLowerCase();
  if (sqliteSynchronous !== 'normal' && sqliteSynchronous !== 'full') {
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be NORMAL or FULL; got "${env.SQLITE_SYNCHRONOUS}"`);
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 32) {
    throw new ConfigError('METRICS_TOKEN must be at least 32 characters long');
  }
  return {
    port,
    host,
    publicUrl,
    publicUrlFromEnv: configuredUrl !== undefined,
    dataDir,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    cookieSecret: cookieSecret(env, dataDir),
    logLevel,
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    operatorName: env.OPERATOR_NAME || 'Praxis',
    operatorUrl: (operatorUrl ?? publicUrl).replace(/\/$/, ''),
    operatorUrlFromEnv: operatorUrl !== undefined,
    workers: integer(env, 'WORKERS', availableParallelism(), 1, 64),
    sqliteSynchronous,
    metricsToken,
    metricsAllow: cidrList(env, 'METRICS_ALLOW'),
    minFreeDiskMb: integer(env, 'MIN_FREE_DISK_MB', 100, 0, 10_000_000),
  };
}
