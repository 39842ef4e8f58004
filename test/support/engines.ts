import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import type { Engine } from '../../src/platform/db/engine.ts';

/**
 * The engines every data-layer and HTTP test runs on, in the spirit of Kysely's per-dialect loop.
 * SQLite always; PostgreSQL when TEST_DATABASE_URL is set (CI sets it and requires it).
 */
export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  database: Database;
  dataDir: string;
  /** Closes the connection and removes the database and its files. */
  dispose(): Promise<void>;
  /** A second connection to the same database, as another worker process or node would hold. */
  reopen(): Database;
}

/** A fresh, empty database of the given engine, with its own data directory. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-test-'));
  if (engine === 'sqlite') {
    const file = join(dataDir, 'test.sqlite');
    const database = openDatabase({ sqliteFile: file });
    return {
      database,
      dataDir,
      reopen: () => openDatabase({ sqliteFile: file }),
      async dispose() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `praxis_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    database,
    dataDir,
    reopen: () => openDatabase({ databaseUrl: url.toString(), poolSize: 2 }),
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
