import type { Db } from '../db/database.ts';
import { nowIso } from '../ids.ts';

/** The settings every process reads from the database rather than from its own environment. */
export type SettingName = 'issuer_url';

export async function readSetting(db: Db, name: SettingName): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/**
 * Stores a value unless one is there already, and returns the one that is stored: when two processes
 * start at once, both end up with the first one's value.
 */
export async function settleSetting(db: Db, name: SettingName, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ name, value, updated_at: nowIso() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  return (await readSetting(db, name)) ?? value;
}

export async function writeSetting(db: Db, name: SettingName, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name, value, updated_at: nowIso() })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ value, updated_at: nowIso() }))
    .execute();
}
