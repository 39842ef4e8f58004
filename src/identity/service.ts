import type { Db } from '../platform/db/database.ts';
import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { hashToken, newId, newToken, nowIso } from '../platform/ids.ts';
import type { OutgoingMail } from '../platform/mail/mail-queue.ts';
import { ROLES, type Role, type SignedInUser } from '../platform/views/page-context.ts';
import { accountMail } from './mail.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { PersonalDataSection } from './personal-data.ts';
import { attemptsSince, clearAttempts, recordAttempt } from './throttle.ts';
import { consumeToken, issueToken, peekToken } from './tokens.ts';

/** The version of the terms and privacy notice a new account consents to. */
export const CONSENT_VERSION = '2026-11-26';

const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
/** Sliding sessions are extended at most this often, so reading pages does not write on every request. */
const SESSION_TOUCH_MS = 5 * 60_000;
const SIGNIN_WINDOW_MS = 15 * 60_000;
const SIGNIN_MAX_FAILURES = 5;
const MAIL_WINDOW_MS = 3600_000;
const MAIL_MAX_PER_WINDOW = 3;

export interface IdentityDeps {
  db: Db;
  mailer: OutgoingMail;
  publicUrl: string;
}

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  country: string;
  locale: Locale;
}

export type SignInResult =
  | { ok: true; token: string; user: { id: string; locale: string } }
  | { ok: false; reason: 'invalid' | 'throttled' };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createIdentityService({ db, mailer, publicUrl }: IdentityDeps) {
  const link = (locale: string, path: string) => `${publicUrl}/${locale}${path}`;

  async function findByEmail(email: string) {
    return db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async function findById(id: string) {
    return db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async function rolesOf(userId: string): Promise<Role[]> {
    const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
    return rows.map((r) => r.role as Role).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  }

  // A link's token and the mail that carries it commit together: no token without its mail.
  async function sendVerification(user: { id: string; email: string; name: string; locale: string }) {
    await db.transaction().execute(async (trx) => {
      const token = await issueToken(trx, user.id, 'verify-email');
      await mailer.send(
        accountMail('verify', user.email, user.locale, {
          name: user.name,
          link: link(user.locale, `/verify-email/${token}`),
        }),
        { trx },
      );
    });
  }

  /** Throttles account mail per address, so the forms cannot be used to flood someone's inbox. */
  async function mayMail(kind: string, email: string): Promise<boolean> {
    const bucket = `mail:${kind}:${normalizeEmail(email)}`;
    if ((await attemptsSince(db, bucket, MAIL_WINDOW_MS)) >= MAIL_MAX_PER_WINDOW) return false;
    await recordAttempt(db, bucket);
    return true;
  }

  async function createSession(userId: string, userAgent: string): Promise<string> {
    const token = newToken();
    const now = new Date();
    await db
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        user_id: userId,
        created_at: nowIso(now),
        last_seen_at: nowIso(now),
        expires_at: nowIso(new Date(now.getTime() + SESSION_LIFETIME_MS)),
        user_agent: userAgent.slice(0, 200),
      })
      .execute();
    return token;
  }

  return {
    findByEmail,
    findById,
    rolesOf,

    /**
     * Creates an account and mails a verification link. An address that already has an account gets a
     * notice instead, and the caller sees the same outcome either way: the form never reveals who is
     * registered.
     */
    async register(input: NewAccount): Promise<void> {
      const email = normalizeEmail(input.email);
      const existing = await findByEmail(email);
      if (existing) {
        if (await mayMail('registered', email)) {
          await mailer.send(
            accountMail('alreadyRegistered', email, existing.locale, {
              name: existing.name,
              link: link(existing.locale, '/forgot-password'),
            }),
          );
        }
        return;
      }
      const passwordHash = await hashPassword(input.password);
      const now = nowIso();
      const user = { id: newId(), email, name: input.name.trim(), locale: input.locale };
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              ...user,
              email_verified_at: null,
              password_hash: passwordHash,
              country: input.country,
              consent_version: CONSENT_VERSION,
              consent_at: now,
              created_at: now,
              updated_at: now,
              last_active_at: now,
              deleted_at: null,
            })
            .execute();
          await trx
            .insertInto('user_roles')
            .values({ user_id: user.id, role: 'learner', granted_at: now })
            .execute();
        });
      } catch (error) {
        // Two registrations for one address raced; the unique index kept one. Same outcome to the caller.
        if (await findByEmail(email)) return;
        throw error;
      }
      await sendVerification(user);
    },

    async resendVerification(userId: string): Promise<'sent' | 'throttled' | 'verified'> {
      const user = await findById(userId);
      if (!user) return 'throttled';
      if (user.email_verified_at) return 'verified';
      if (!(await mayMail('verify', user.email))) return 'throttled';
      await sendVerification(user);
      return 'sent';
    },

    /**
     * Confirms an address from its emailed link and opens a session in the browser that followed it:
     * the link proved control of the mailbox, and it works once.
     */
    async verifyEmail(token: string, userAgent: string): Promise<string | null> {
      const row = await consumeToken(db, token, 'verify-email');
      if (!row) return null;
      const now = nowIso();
      await db
        .updateTable('users')
        .set({ email_verified_at: now, updated_at: now })
        .where('id', '=', row.user_id)
        .where('email_verified_at', 'is', null)
        .execute();
      return createSession(row.user_id, userAgent);
    },

    async signIn(emailInput: string, password: string, userAgent: string): Promise<SignInResult> {
      const email = normalizeEmail(emailInput);
      const bucket = `signin:${email}`;
      if ((await attemptsSince(db, bucket, SIGNIN_WINDOW_MS)) >= SIGNIN_MAX_FAILURES) {
        return { ok: false, reason: 'throttled' };
      }
      const user = await findByEmail(email);
      // Unknown addresses take as long as known ones: the timing does not reveal who is registered.
      const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
      if (!user?.password_hash || !valid) {
        await recordAttempt(db, bucket);
        return { ok: false, reason: 'invalid' };
      }
      await clearAttempts(db, bucket);
      const token = await createSession(user.id, userAgent);
      return { ok: true, token, user: { id: user.id, locale: user.locale } };
    },

    /** The user behind a session cookie, extending the session as it is used. */
    async loadSessionUser(token: string): Promise<SignedInUser | null> {
      const id = hashToken(token);
      const now = new Date();
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'users.id',
          'users.name',
          'users.email',
          'users.email_verified_at',
          'users.locale',
          'sessions.last_seen_at',
          // The header's unread badge rides on this per-request lookup instead of a query of its own.
          (eb) =>
            eb
              .selectFrom('community_notifications')
              .select((n) => n.fn.countAll<number>().as('n'))
              .whereRef('community_notifications.user_id', '=', 'users.id')
              .where('community_notifications.read_at', 'is', null)
              .as('unread_notifications'),
        ])
        .where('sessions.id', '=', id)
        .where('sessions.expires_at', '>', nowIso(now))
        .where('users.deleted_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      if (now.getTime() - Date.parse(row.last_seen_at) > SESSION_TOUCH_MS) {
        const expires = nowIso(new Date(now.getTime() + SESSION_LIFETIME_MS));
        await db
          .updateTable('sessions')
          .set({ last_seen_at: nowIso(now), expires_at: expires })
          .where('id', '=', id)
          .execute();
        await db
          .updateTable('users')
          .set({ last_active_at: nowIso(now) })
          .where('id', '=', row.id)
          .execute();
      }
      return {
        id: row.id,
        name: row.name,
        email: row.email,
        emailVerified: row.email_verified_at !== null,
        locale: isLocale(row.locale) ? row.locale : 'en',
        roles: new Set(await rolesOf(row.id)),
        unreadNotifications: Number(row.unread_notifications ?? 0),
      };
    },

    async signOut(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
    },

    /** Ends every session of a user but, optionally, the one in use. */
    async signOutEverywhere(userId: string, keepToken?: string): Promise<void> {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepToken) query = query.where('id', '!=', hashToken(keepToken));
      await query.execute();
    },

    async sessionsOf(userId: string) {
      return db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', nowIso())
        .orderBy('last_seen_at', 'desc')
        .execute();
    },

    /** Mails a reset link when the address has an account; the caller says the same thing either way. */
    async requestPasswordReset(emailInput: string): Promise<void> {
      const user = await findByEmail(emailInput);
      if (!user || !(await mayMail('reset', user.email))) return;
      await db.transaction().execute(async (trx) => {
        const token = await issueToken(trx, user.id, 'reset-password');
        await mailer.send(
          accountMail('reset', user.email, user.locale, {
            name: user.name,
            link: link(user.locale, `/reset-password/${token}`),
          }),
          { trx },
        );
      });
    },

    async isLiveResetToken(token: string, purpose: 'reset-password' | 'set-password' = 'reset-password') {
      return (await peekToken(db, token, purpose)) !== undefined;
    },

    /** Sets a new password from an emailed link; every session ends, and the address counts as verified. */
    async resetPassword(
      token: string,
      password: string,
      purpose: 'reset-password' | 'set-password' = 'reset-password',
    ) {
      const passwordHash = await hashPassword(password);
      const row = await consumeToken(db, token, purpose);
      if (!row) return false;
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, updated_at: now })
          .where('id', '=', row.user_id)
          .execute();
        await trx
          .updateTable('users')
          .set({ email_verified_at: now })
          .where('id', '=', row.user_id)
          .where('email_verified_at', 'is', null)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', row.user_id).execute();
      });
      await clearAttempts(db, `signin:${(await findById(row.user_id))?.email ?? ''}`);
      return true;
    },

    async changePassword(userId: string, current: string, next: string, keepToken: string): Promise<boolean> {
      const user = await findById(userId);
      if (!user?.password_hash || !(await verifyPassword(current, user.password_hash))) return false;
      const passwordHash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, updated_at: nowIso() })
          .where('id', '=', userId)
          .execute();
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', userId)
          .where('id', '!=', hashToken(keepToken))
          .execute();
        await mailer.send(accountMail('passwordChanged', user.email, user.locale, { name: user.name }), {
          trx,
        });
      });
      return true;
    },

    /**
     * Starts an email change: the new address gets a confirmation link. If the new address already has
     * an account, its owner is told instead, and the requester sees the same result.
     */
    async requestEmailChange(userId: string, newEmailInput: string, password: string): Promise<boolean> {
      const user = await findById(userId);
      if (!user?.password_hash || !(await verifyPassword(password, user.password_hash))) return false;
      const newEmail = normalizeEmail(newEmailInput);
      if (!(await mayMail('change', newEmail))) return true;
      const holder = await findByEmail(newEmail);
      if (holder) {
        await mailer.send(accountMail('emailTaken', newEmail, holder.locale, { name: holder.name }));
        return true;
      }
      await db.transaction().execute(async (trx) => {
        const token = await issueToken(trx, user.id, 'change-email', newEmail);
        await mailer.send(
          accountMail('changeEmail', newEmail, user.locale, {
            name: user.name,
            link: link(user.locale, `/confirm-email/${token}`),
          }),
          { trx },
        );
      });
      return true;
    },

    async confirmEmailChange(token: string): Promise<'changed' | 'invalid' | 'taken'> {
      const row = await consumeToken(db, token, 'change-email');
      if (!row?.payload) return 'invalid';
      if (await findByEmail(row.payload)) return 'taken';
      const now = nowIso();
      await db
        .updateTable('users')
        .set({ email: row.payload, email_verified_at: now, updated_at: now })
        .where('id', '=', row.user_id)
        .execute();
      return 'changed';
    },

    async updateProfile(
      userId: string,
      profile: {
        name: string;
        country: string;
        locale: Locale;
        gender?: string | null;
        sector?: string | null;
      },
    ) {
      await db
        .updateTable('users')
        .set({
          name: profile.name.trim(),
          country: profile.country,
          locale: profile.locale,
          // Opt-in answers for the public statistics (transparency); absent means unchanged.
          ...(profile.gender !== undefined ? { gender: profile.gender } : {}),
          ...(profile.sector !== undefined ? { sector: profile.sector } : {}),
          updated_at: nowIso(),
        })
        .where('id', '=', userId)
        .execute();
    },

    /**
     * Everything Praxis holds about a person, for the right of access and portability: the account
     * here, then one key per module section (learning, certificates, cases, ...).
     */
    async exportData(userId: string, sections: readonly PersonalDataSection[] = []) {
      const user = await findById(userId);
      if (!user) return null;
      const sessions = await db
        .selectFrom('sessions')
        .select(['created_at', 'last_seen_at', 'expires_at', 'user_agent'])
        .where('user_id', '=', userId)
        .execute();
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'target_type', 'detail', 'created_at'])
        .where('target_type', '=', 'user')
        .where('target_id', '=', userId)
        .execute();
      return {
        exportedAt: nowIso(),
        account: {
          id: user.id,
          name: user.name,
          email: user.email,
          emailVerifiedAt: user.email_verified_at,
          country: user.country,
          locale: user.locale,
          // Opt-in answers for the public statistics; null when not answered.
          statistics: { gender: user.gender ?? null, sector: user.sector ?? null },
          consent: { version: user.consent_version, at: user.consent_at },
          createdAt: user.created_at,
          updatedAt: user.updated_at,
          lastActiveAt: user.last_active_at,
          roles: await rolesOf(userId),
        },
        sessions: sessions.map((s) => ({
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          expiresAt: s.expires_at,
          userAgent: s.user_agent,
        })),
        roleChanges: audit.map((a) => ({ action: a.action, detail: JSON.parse(a.detail), at: a.created_at })),
        ...Object.fromEntries(
          await Promise.all(sections.map(async (section) => [section.name, await section.export(userId)])),
        ),
      };
    },

    /**
     * Deletes an account: name, email, password, sessions, tokens and sign-in attempts go; the row stays
     * as an anonymous tombstone (country, language, dates) so that public figures keep their numbers and
     * what others rely on (posts, reviews, submitted cases) points at nobody. Each section then erases
     * what only served the person, in the same transaction: all of it happens or none of it.
     */
    async deleteAccount(
      userId: string,
      password: string,
      sections: readonly PersonalDataSection[] = [],
    ): Promise<boolean> {
      const user = await findById(userId);
      if (!user?.password_hash || !(await verifyPassword(password, user.password_hash))) return false;
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            email: `deleted-${user.id}@invalid`,
            name: '',
            password_hash: null,
            email_verified_at: null,
            gender: null,
            sector: null,
            deleted_at: now,
            updated_at: now,
          })
          .where('id', '=', userId)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await trx.deleteFrom('user_tokens').where('user_id', '=', userId).execute();
        await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        // Throttle buckets are named after the address ("signin:<email>", "mail:<kind>:<email>").
        const buckets = await trx
          .selectFrom('auth_attempts')
          .select('bucket')
          .where((eb) => eb.or([eb('bucket', '=', `signin:${user.email}`), eb('bucket', 'like', 'mail:%')]))
          .distinct()
          .execute();
        const mine = buckets.map((b) => b.bucket).filter((b) => b.endsWith(`:${user.email}`));
        if (mine.length) await trx.deleteFrom('auth_attempts').where('bucket', 'in', mine).execute();
        for (const section of sections) await section.erase?.(trx, userId);
      });
      return true;
    },

    async listUsers({
      query,
      role,
      page,
      pageSize = 25,
    }: {
      query: string;
      role: string;
      page: number;
      pageSize?: number;
    }) {
      let q = db.selectFrom('users').where('deleted_at', 'is', null);
      const term = query.trim().toLowerCase();
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['email']), 'like', eb.val(like)),
            eb(eb.fn('lower', ['name']), 'like', eb.val(like)),
          ]),
        );
      }
      if (role) {
        q = q.where('id', 'in', (eb) =>
          eb.selectFrom('user_roles').select('user_id').where('role', '=', role),
        );
      }
      const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['id', 'name', 'email', 'email_verified_at', 'created_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      const roles = rows.length
        ? await db
            .selectFrom('user_roles')
            .select(['user_id', 'role'])
            .where(
              'user_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      return {
        total: Number(n),
        users: rows.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          verified: r.email_verified_at !== null,
          createdAt: r.created_at,
          roles: roles.filter((x) => x.user_id === r.id).map((x) => x.role as Role),
        })),
      };
    },

    /** Replaces a user's roles (recorded in the audit log). */
    async setRoles(actorId: string | null, userId: string, roles: Role[]): Promise<void> {
      const now = nowIso();
      const before = await rolesOf(userId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        if (roles.length) {
          await trx
            .insertInto('user_roles')
            .values(roles.map((role) => ({ user_id: userId, role, granted_at: now })))
            .execute();
        }
        await trx
          .insertInto('audit_log')
          .values({
            id: newId(),
            actor_id: actorId,
            action: 'user.roles.set',
            target_type: 'user',
            target_id: userId,
            detail: JSON.stringify({ before, after: roles }),
            created_at: now,
          })
          .execute();
      });
    },

    /**
     * For the operator's CLI: creates a verified account. Without a password, returns a one-time link
     * for the person to set one.
     */
    async addUser(input: {
      email: string;
      name: string;
      roles: Role[];
      password?: string;
      country?: string;
      locale?: Locale;
    }) {
      const email = normalizeEmail(input.email);
      if (await findByEmail(email)) throw new Error(`An account with the email ${email} already exists`);
      const now = nowIso();
      const id = newId();
      const locale = input.locale ?? 'en';
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id,
            email,
            name: input.name.trim(),
            email_verified_at: now,
            password_hash: input.password ? await hashPassword(input.password) : null,
            country: input.country ?? 'ZZ',
            locale,
            consent_version: CONSENT_VERSION,
            consent_at: now,
            created_at: now,
            updated_at: now,
            last_active_at: null,
            deleted_at: null,
          })
          .execute();
        const roles = new Set<Role>(['learner', ...input.roles]);
        await trx
          .insertInto('user_roles')
          .values([...roles].map((role) => ({ user_id: id, role, granted_at: now })))
          .execute();
      });
      const setPasswordLink = input.password
        ? undefined
        : link(locale, `/set-password/${await issueToken(db, id, 'set-password')}`);
      return { id, setPasswordLink };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
