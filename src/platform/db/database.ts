import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Engine } from './engine.ts';
import { migrations } from './migrations/index.ts';
import type { Schema } from './schema.ts';
import { nodeSqliteDialect } from './sqlite-dialect.ts';

// PostgreSQL returns bigint (count(*)) as a string; every count here fits a double.
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = Kysely<Schema>;

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (so a step can join the write
 * that causes it), otherwise a new one.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export interface Database {
  db: Db;
  engine: Engine;
  /** Runs every pending migration; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Answers whether the database takes a query now (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  dataDir?: string;
  poolSize?: number;
  /** Told about errors on idle PostgreSQL connections (a restart, an administrator's terminate). */
  onIdleError?: (error: Error) => void;
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // Without a listener, an idle connection dropped by the server is an unhandled 'error' event that
    // ends the process. The pool discards that connection and opens a new one on the next query.
    pool.on(
      'error',
      options.onIdleError ??
        ((error) => process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`)),
    );
    return wrap(new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  const file = options.sqliteFile ?? join(options.dataDir ?? './data', 'praxis.sqlite');
  const { dialect } = nodeSqliteDialect(file);
  return wrap(new Kysely<Schema>({ dialect }), 'sqlite');
}

function wrap(db: Db, engine: Engine): Database {
  return {
    db,
    engine,
    async migrate() {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = (await migrator.migrateToLatest()) as MigrationResultSet;
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
