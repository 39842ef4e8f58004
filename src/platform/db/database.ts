import { join } from 'node:path';
import { Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Engine } from './engine.ts';
import { migrations } from './migrations/index.ts';
import type { Schema } from './schema.ts';
import { nodeSqliteDialect, type SqliteSynchronous } from './sqlite-dialect.ts';

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
  /** Migrations known to this code that the database has not run yet (for /readyz). */
  pendingMigrations(): Promise<string[]>;
  /** Told the duration of every query and whether it failed (for /metrics); one listener. */
  onQuery(listener: QueryListener): void;
  /** PostgreSQL connection pool use (for /metrics); undefined on SQLite. */
  poolStats(): PoolStats | undefined;
  close(): Promise<void>;
}

export type QueryListener = (durationMs: number, failed: boolean) => void;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  dataDir?: string;
  poolSize?: number;
  /** SQLite only: `normal` (default) or `full`; see README, Security. */
  sqliteSynchronous?: SqliteSynchronous;
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
    const hook = queryHook();
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: hook.log });
    const poolStats = () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    });
    return wrap(db, 'postgres', hook, poolStats);
  }
  const file = options.sqliteFile ?? join(options.dataDir ?? './data', 'praxis.sqlite');
  const { dialect } = nodeSqliteDialect(file, options.sqliteSynchronous);
  const hook = queryHook();
  return wrap(new Kysely<Schema>({ dialect, log: hook.log }), 'sqlite', hook, () => undefined);
}

/** Kysely's log callback, forwarding to a listener set later (the metrics are built after the database). */
function queryHook() {
  let listener: QueryListener | undefined;
  return {
    log(event: LogEvent) {
      listener?.(event.queryDurationMillis, event.level === 'error');
    },
    set(next: QueryListener) {
      listener = next;
    },
  };
}

function wrap(
  db: Db,
  engine: Engine,
  hook: ReturnType<typeof queryHook>,
  poolStats: () => PoolStats | undefined,
): Database {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return {
    db,
    engine,
    onQuery: hook.set,
    poolStats,
    async pendingMigrations() {
      const known = await migrator.getMigrations();
      return known.filter((migration) => migration.executedAt === undefined).map((m) => m.name);
    },
    async migrate() {
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
