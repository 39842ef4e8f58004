import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

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
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement) statements.delete(sql);
    else statement = raw.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return statement;
  };
  const database = {
    close: () => {
      statements.clear();
      raw.close();
    },
    prepare(sql: string) {
      const statement = prepared(sql);
      type Params = Parameters<typeof statement.all>;
      return {
        reader: statement.columns().length > 0,
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
