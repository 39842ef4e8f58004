import type { CourseStore } from '../courses/course-store.ts';
import { contentLocale, pick } from '../courses/localize.ts';
import type { Db } from '../platform/db/database.ts';
import type { CertificatesTable } from '../platform/db/schema.ts';
import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import { newId, newToken, nowIso } from '../platform/ids.ts';
import { buildAchievementCredential, signDataIntegrity, signVcJwt } from './ob3/achievement-credential.ts';
import { createDocumentLoader, type DocumentLoader } from './ob3/document-loader.ts';
import { didDocument, didDocumentPath, type IssuerKeyring, jwks } from './ob3/issuer-keys.ts';
import { buildStatusListCredential } from './ob3/status-list.ts';

export interface CertificateDeps {
  db: Db;
  courses: CourseStore;
  keyring: IssuerKeyring;
  publicUrl: string;
  issuerName: string;
  issuerUrl: string;
}

export type CertificateRow = CertificatesTable;

export const STATUS_LIST_PATH = '/credentials/status/revocation';

/**
 * Certificates: issued once per learner and course when the course's completion rule is met, signed
 * as Open Badges 3.0 credentials, revocable through a published Bitstring Status List.
 */
/** The job that issues a certificate once a course is completed (key: user and course). */
export const CERTIFICATE_JOB = 'certificate.issue';

export function createCertificateService({
  db,
  courses,
  keyring,
  publicUrl,
  issuerName,
  issuerUrl,
}: CertificateDeps) {
  const didPath = didDocumentPath(publicUrl);
  const statusListUrl = `${publicUrl}${STATUS_LIST_PATH}`;
  // Resolves this issuer's own documents (its DID and status list) locally; everything else is a
  // bundled context or refused, so verification never depends on the network.
  const documentLoader: DocumentLoader = createDocumentLoader(async (url) => {
    if (url === keyring.did) {
      await keyring.reload();
      return didDocument(keyring, publicUrl);
    }
    if (url === statusListUrl) return statusListCredential();
    return undefined;
  });
  const verifyUrl = (id: string) => `${publicUrl}/en/verify/${id}`;

  /** The signed status list, rebuilt only when the set of revoked certificates changes. */
  let statusList: { key: string; credential: object } | undefined;

  /** The signed BitstringStatusListCredential that verifiers fetch to learn about revocations. */
  async function statusListCredential(): Promise<object> {
    const revoked = await db
      .selectFrom('certificates')
      .select('status_index')
      .where('revoked_at', 'is not', null)
      .orderBy('status_index')
      .execute();
    const indexes = revoked.map((r) => r.status_index);
    const cacheKey = `${keyring.current.id}|${indexes.join(',')}`;
    if (statusList?.key !== cacheKey) {
      const unsigned = await buildStatusListCredential({
        id: `${publicUrl}${STATUS_LIST_PATH}`,
        issuer: { id: keyring.did, name: issuerName },
        revokedIndexes: indexes,
      });
      statusList = {
        key: cacheKey,
        credential: await signDataIntegrity(unsigned, keyring.current, documentLoader),
      };
    }
    return statusList.credential;
  }

  async function find(id: string) {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
    return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
  }

  return {
    documentLoader,
    didPath,
    find,
    verifyUrl,

    /** Every key, current and earlier, so credentials signed before a rotation still verify. */
    async didDocument() {
      await keyring.reload();
      return didDocument(keyring, publicUrl);
    },

    async jwks() {
      await keyring.reload();
      return jwks(keyring);
    },

    /**
     * Issues the certificate for a completed course, once: a second call returns the first. The
     * credential is signed before the row is written, so a stored certificate is always a signed one.
     */
    async issue(userId: string, courseSlug: string): Promise<CertificateRow> {
      const existing = await db
        .selectFrom('certificates')
        .selectAll()
        .where('user_id', '=', userId)
        .where('course_slug', '=', courseSlug)
        .executeTakeFirst();
      if (existing) return existing;
      const user = await db
        .selectFrom('users')
        .select(['name', 'locale'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      const enrollment = await db
        .selectFrom('enrollments')
        .select('completed_at')
        .where('user_id', '=', userId)
        .where('course_slug', '=', courseSlug)
        .executeTakeFirst();
      if (!enrollment?.completed_at) throw new Error('A certificate is only issued for a completed course');
      const course = await courses.version(courseSlug);
      if (!course) throw new Error(`No published course ${courseSlug}`);
      const locale: Locale = isLocale(user.locale) ? user.locale : 'en';
      const shown = contentLocale(course.pkg, locale).locale;
      const t = translator(isLocale(shown) ? shown : 'en');
      const title = pick(course.pkg.title, shown);
      const rule = {
        units: course.pkg.completion.unitsPercent,
        score: course.pkg.completion.averageScorePercent,
      };
      const key = keyring.current;

      for (let tries = 0; tries < 5; tries++) {
        const id = newToken().slice(0, 22);
        const last = await db
          .selectFrom('certificates')
          .select((eb) => eb.fn.max('status_index').as('n'))
          .executeTakeFirst();
        const statusIndex = last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1;
        const issuedAt = nowIso(new Date(Math.floor(Date.now() / 1000) * 1000));
        const credential = buildAchievementCredential({
          verifyUrl: verifyUrl(id),
          issuer: { did: keyring.did, name: issuerName, url: issuerUrl },
          learnerName: user.name,
          courseTitle: title,
          courseUrl: `${publicUrl}/en/courses/${courseSlug}`,
          achievementDescription: t('certificates.achievementText', { course: title, ...rule }),
          criteriaNarrative: t('certificates.criteria', { course: title, ...rule }),
          issuedAt,
          statusListUrl: `${publicUrl}${STATUS_LIST_PATH}`,
          statusListIndex: statusIndex,
        });
        const signed = await signDataIntegrity(credential, key, documentLoader);
        const jwt = await signVcJwt(credential, key);
        const row: CertificateRow = {
          id,
          user_id: userId,
          course_slug: courseSlug,
          course_version: course.number,
          display_name: user.name,
          locale,
          issued_at: issuedAt,
          private: 0,
          revoked_at: null,
          revoked_reason: null,
          status_index: statusIndex,
          key_id: key.id,
          credential: JSON.stringify(signed),
          credential_jwt: jwt,
        };
        const inserted = await db
          .insertInto('certificates')
          .values(row)
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .execute();
        if (inserted.length) return row;
        // Lost a race: either this learner's certificate was issued meanwhile, or the status index was taken.
        const raced = await db
          .selectFrom('certificates')
          .selectAll()
          .where('user_id', '=', userId)
          .where('course_slug', '=', courseSlug)
          .executeTakeFirst();
        if (raced) return raced;
      }
      throw new Error('Could not allocate a status list index');
    },

    async forUser(userId: string) {
      return db.selectFrom('certificates').selectAll().where('user_id', '=', userId).execute();
    },

    async setPrivate(id: string, value: boolean) {
      await db
        .updateTable('certificates')
        .set({ private: value ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },

    /** Revokes with a reason (shown publicly) and records who did it. */
    async revoke(id: string, actorId: string, reason: string): Promise<boolean> {
      const now = nowIso();
      const result = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('certificates')
          .set({ revoked_at: now, revoked_reason: reason })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await trx
          .insertInto('audit_log')
          .values({
            id: newId(),
            actor_id: actorId,
            action: 'certificate.revoke',
            target_type: 'certificate',
            target_id: id,
            detail: JSON.stringify({ reason }),
            created_at: now,
          })
          .execute();
        return true;
      });
      return result;
    },

    statusListCredential,

    async search(query: string, limit = 50) {
      let q = db
        .selectFrom('certificates')
        .innerJoin('users', 'users.id', 'certificates.user_id')
        .select([
          'certificates.id',
          'certificates.display_name',
          'certificates.course_slug',
          'certificates.issued_at',
          'certificates.revoked_at',
          'certificates.revoked_reason',
          'users.email',
        ]);
      const term = query.trim().toLowerCase();
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['users.email']), 'like', like),
            eb(eb.fn('lower', ['certificates.display_name']), 'like', like),
            eb('certificates.id', '=', query.trim()),
          ]),
        );
      }
      return q.orderBy('certificates.issued_at', 'desc').limit(limit).execute();
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;
