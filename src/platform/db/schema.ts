import type { Generated } from 'kysely';

/**
 * Table types, one interface per table. Timestamps are ISO-8601 UTC strings on both engines so that
 * values compare, sort and group (by month: the first 7 characters) the same way everywhere.
 * Booleans are 0/1 integers for the same reason.
 */
export interface UsersTable {
  id: string;
  email: string;
  email_verified_at: string | null;
  name: string;
  password_hash: string | null;
  country: string;
  locale: string;
  consent_version: string;
  consent_at: string;
  created_at: string;
  updated_at: string;
  last_active_at: string | null;
  deleted_at: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked database does not leak usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
}

export interface UserTokensTable {
  /** SHA-256 of the emailed token. */
  id: string;
  user_id: string;
  purpose: 'verify-email' | 'reset-password' | 'change-email' | 'set-password';
  payload: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthAttemptsTable {
  id: string;
  bucket: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string;
  created_at: string;
}

export interface Schema {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  auth_attempts: AuthAttemptsTable;
  audit_log: AuditLogTable;
}

export type { Generated };
