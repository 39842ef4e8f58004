import type { Db } from '../platform/db/database.ts';

/**
 * One module's part of a person's data, for the right of access and for account deletion. The
 * composition root (src/app.ts) lists the sections, so identity does not depend on every module.
 */
export interface PersonalDataSection {
  /** The section's key in the export (camelCase, stable). */
  name: string;
  /** Everything the module holds about the person, as plain JSON. */
  export(userId: string): Promise<unknown>;
  /**
   * Runs inside the deletion's transaction: removes what only served the person and keeps, detached
   * from their name, what others rely on (see the module's personal-data.ts for which is which).
   */
  erase?(trx: Db, userId: string): Promise<void>;
}
