import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

const NO_OP = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};
/** How hard SQLite pushes each commit to disk (`SQLITE_SYNCHRONOUS`). */
export type SqliteSynchronous = 'normal' | 'full';

/**
 * Kysely's SqliteDialect over Node's built-in `node:sqlite`, so the embedded engine needs no native
 * addon. The adapter packages on npm drop rows from INSERT … RETURNING, hence this small bridge.
 */
export function nodeSqliteDialect(
  file: string,
  synchronous: SqliteSynchronous = 'normal',
): { dialect: SqliteDialect; raw: DatabaseSync } {
  const raw = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  raw.exec('PRAGMA journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process; FULL also survives a power loss, at an fsync a commit.
  raw.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  raw.exec('PRAGMA busy_timeout = 5000');
  raw.exec('PRAGMA foreign_keys = ON');
  // Prepared statements are kept and reused (the queries a page runs are the same every time); the
  // least recently used go once there are more than STATEMENT_CACHE_SIZE. Kysely runs one query at a
  // time on this connection, so a statement is never used by two queries at once.
  // Whether a statement returns rows is asked once (columns() builds an array of objects each time).
  const statements = new Map<string, { statement: StatementSync; reader: boolean }>();
  const prepared = (sql: string) => {
    let entry = statements.get(sql);
    if (entry) statements.delete(sql);
    else {
      const statement = raw.prepare(sql);
      entry = { statement, reader: statement.columns().length > 0 };
    }
    statements.set(sql, entry);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return entry;
  };
  const database = {
    close: () => {
      statements.clear();
      raw.close();
    },
    prepare(sql: string) {
      // Kysely opens transactions with a deferred BEGIN. In WAL mode a deferred transaction that reads
      // and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process wrote in between,
      // whatever the busy timeout; IMMEDIATE takes the write lock first and waits for it instead.
      // SQLite itself rolls a transaction back when a write fails for lack of space or I/O; Kysely's
      // own rollback would then fail with "no transaction is active" and hide the real cause.
      if (sql === 'rollback' && !raw.isTransaction) return NO_OP;
      const { statement, reader } = prepared(sql === 'begin' ? 'begin immediate' : sql);
      type Params = Parameters<typeof statement.all>;
      return {
        reader,
        all: (parameters: readonly unknown[]) => statement.all(...(parameters as Params)),
        run: (parameters: readonly unknown[]) => {
          const { changes, lastInsertRowid } = statement.run(...(parameters as Params));
          return { changes, lastInsertRowid };
        },
        iterate: (parameters: readonly unknown[]) => statement.iterate(...(parameters as Params)),
      };
    },
  };
  return { dialect: new SqliteDialect({ database }), raw };
}
