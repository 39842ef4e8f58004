import type { Db } from '../platform/db/database.ts';

/**
 * A person's certificates: what was issued and how it stands, with the address that verifies it.
 * The signed credentials themselves are downloaded from each certificate's page, not copied here.
 */
export async function exportPersonalData(
  db: Db,
  userId: string,
  { verifyUrl }: { verifyUrl: (id: string) => string },
) {
  const rows = await db
    .selectFrom('certificates')
    .select([
      'id',
      'course_slug',
      'course_version',
      'display_name',
      'locale',
      'issued_at',
      'private',
      'revoked_at',
      'revoked_reason',
    ])
    .where('user_id', '=', userId)
    .orderBy('issued_at')
    .execute();
  return rows.map((c) => ({
    id: c.id,
    course: c.course_slug,
    courseVersion: c.course_version,
    nameOnCertificate: c.display_name,
    locale: c.locale,
    issuedAt: c.issued_at,
    private: c.private === 1,
    revocation: c.revoked_at ? { at: c.revoked_at, reason: c.revoked_reason } : null,
    verifyUrl: verifyUrl(c.id),
  }));
}

/**
 * The row stays, so its status-list index is never handed to someone else and the public figures
 * keep their count; the name goes, with the signed copies that carry it. The stored credential keeps
 * only its achievement (what the verification page describes), and the certificate turns private,
 * so its page says no more than that it exists. Copies the person downloaded still verify.
 */
export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  const rows = await trx
    .selectFrom('certificates')
    .select(['id', 'credential'])
    .where('user_id', '=', userId)
    .execute();
  for (const row of rows) {
    const { credentialSubject } = JSON.parse(row.credential) as {
      credentialSubject?: { achievement?: unknown };
    };
    await trx
      .updateTable('certificates')
      .set({
        display_name: '',
        private: 1,
        credential: JSON.stringify({
          credentialSubject: { achievement: credentialSubject?.achievement ?? {} },
        }),
        credential_jwt: '',
      })
      .where('id', '=', row.id)
      .execute();
  }
}
