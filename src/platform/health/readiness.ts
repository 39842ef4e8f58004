import { randomBytes } from 'node:crypto';
import { statfs, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.ts';

/** One check's answer: ok or not, and what an operator needs to see (never a secret). */
export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export type Check = () => Promise<CheckResult>;

export interface Readiness {
  /** Adds a check to /readyz (the lead adds the job queue's). */
  add(name: string, check: Check): void;
  /** Runs every check at once, each within the time limit. */
  run(): Promise<{ ok: boolean; checks: Record<string, CheckResult> }>;
}

const CHECK_TIMEOUT_MS = 3000;

async function within(check: Check): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    return { ok: false, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessOptions {
  database: Database;
  dataDir: string;
  /** Below this many free bytes on DATA_DIR's file system the check fails. */
  minFreeBytes: number;
  redis?: Redis | undefined;
  log: FastifyBaseLogger;
}

/** The built-in checks: database, pending migrations, DATA_DIR writable with space left, Redis if set. */
export function createReadiness({
  database,
  dataDir,
  minFreeBytes,
  redis,
  log,
}: ReadinessOptions): Readiness {
  const checks = new Map<string, Check>();
  // Each check's last outcome, so a failure is logged when it starts and when it ends, not per probe.
  const failing = new Set<string>();

  checks.set('database', async () => ({ ok: await database.ping() }));
  checks.set('migrations', async () => {
    const pending = await database.pendingMigrations();
    return { ok: pending.length === 0, pending };
  });
  checks.set('dataDir', async () => {
    const probe = join(dataDir, `.readyz-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, 'ok');
    await unlink(probe);
    const fs = await statfs(dataDir);
    const freeBytes = fs.bavail * fs.bsize;
    return freeBytes < minFreeBytes
      ? { ok: false, error: 'low disk space', freeBytes }
      : { ok: true, freeBytes };
  });
  if (redis) checks.set('redis', async () => ({ ok: (await redis.ping()) === 'PONG' }));

  return {
    add(name, check) {
      if (checks.has(name)) throw new Error(`A readiness check named "${name}" exists already`);
      checks.set(name, check);
    },
    async run() {
      const names = [...checks.keys()];
      const results = await Promise.all(names.map((name) => within(checks.get(name)!)));
      const out: Record<string, CheckResult> = {};
      for (const [index, name] of names.entries()) {
        const result = results[index]!;
        out[name] = result;
        if (!result.ok && !failing.has(name)) {
          failing.add(name);
          log.error({ check: name, result }, `readiness check "${name}" failing`);
        } else if (result.ok && failing.delete(name)) {
          log.info({ check: name }, `readiness check "${name}" recovered`);
        }
      }
      return { ok: results.every((result) => result.ok), checks: out };
    },
  };
}

/** /readyz: 200 when every check passes, else 503; the body names each check's outcome. */
export function registerReadiness(app: FastifyInstance, readiness: Readiness) {
  app.get('/readyz', { config: { skipSession: true } }, async (_request, reply) => {
    const { ok, checks } = await readiness.run();
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ready' : 'unavailable',
      database: checks.database?.ok === true,
      checks,
    });
  });
}
