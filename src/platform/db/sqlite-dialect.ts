import { DatabaseSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';

/**
 * Kysely's SqliteDialect over Node's built-in `node:sqlite`, so the embedded engine needs no native
 * addon. The adapter packages on npm drop rows from INSERT … RETURNING, hence this small bridge.
 */
export function nodeSqliteDialect(file: string): { dialect: SqliteDialect; raw: DatabaseSync } {
  const raw = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA busy_timeout = 5000');
  raw.exec('PRAGMA foreign_keys = ON');
  const database = {
    close: () => raw.close(),
    prepare(sql: string) {
      const statement = raw.prepare(sql);
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
