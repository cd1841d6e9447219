import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  index,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { appRole, currentUserId, schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * Rows that belong to a person are visible exactly when that person is: through
 * a membership of the transaction's school, or as the signed-in user (the users
 * table's own policy decides).
 */
function ofVisibleUser(userId: AnyPgColumn) {
  const visible: SQL = sql`exists (select 1 from users u where u.id = ${userId})`;
  return pgPolicy('of_visible_user', { as: 'permissive', for: 'all', to: appRole, using: visible, withCheck: visible });
}

/**
 * A signed-in browser on one school's subdomain. The cookie carries only a
 * random token; the row keeps its SHA-256, so a copy of the table signs nobody
 * in. Checked on every request: revoking the row, deactivating the membership
 * or removing the user's keys takes effect on the next click.
 */
export const sessions = pgTable(
  'sessions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** When a second factor was last used in this session; null = non-key mode. */
    elevatedAt: timestamp('elevated_at', { withTimezone: true }),
    elevatedWith: text('elevated_with', { enum: ['totp', 'webauthn'] }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    uniqueIndex('sessions_school_token_key').on(t.schoolId, t.tokenHash),
    index('sessions_school_user_idx').on(t.schoolId, t.userId),
    schoolIsolation(t.schoolId),
    // A person may end their own sessions in every school (a password change does).
    pgPolicy('own_sessions', {
      as: 'permissive',
      for: 'all',
      to: appRole,
      using: sql`${t.userId} = ${currentUserId}`,
      withCheck: sql`${t.userId} = ${currentUserId}`,
    }),
  ],
);

/**
 * A user's second factors ("keys"): authenticator apps (TOTP) and security
 * keys/passkeys (WebAuthn). Per person, not per school: the WebAuthn RP ID is
 * the root domain, so one key works in every school of an SSO user.
 */
export const userKeys = pgTable(
  'user_keys',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['totp', 'webauthn'] }).notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null while an authenticator app is being set up: it counts once a first code confirms it. */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** TOTP secret, envelope-encrypted with the key provider (lib/crypto encryptString). */
    totpSecretEncrypted: text('totp_secret_encrypted'),
    /** The last 30-second step accepted: a code of this step or earlier is a replay. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    webauthnCredentialId: text('webauthn_credential_id'),
    webauthnPublicKey: text('webauthn_public_key'),
    webauthnCounter: bigint('webauthn_counter', { mode: 'number' }),
    webauthnTransports: jsonb('webauthn_transports').$type<string[]>(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    index('user_keys_user_idx').on(t.userId),
    uniqueIndex('user_keys_webauthn_credential_key').on(t.webauthnCredentialId),
    ofVisibleUser(t.userId),
  ],
);

/** A single-use "set your password" link: stored hashed, cancelled by a newer one or a password change. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    /** The host the link was sent for (a school's subdomain or the root domain). */
    linkHost: text('link_host').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('password_reset_tokens_hash_key').on(t.tokenHash),
    index('password_reset_tokens_user_idx').on(t.userId),
    ofVisibleUser(t.userId),
  ],
);

/** Pending WebAuthn ceremonies: each challenge is used once, on the origin it was issued for. */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: uuid('id').primaryKey(),
    challenge: text('challenge').notNull(),
    purpose: text('purpose', { enum: ['register', 'authenticate'] }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    origin: text('origin').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('webauthn_challenges_user_idx').on(t.userId), ofVisibleUser(t.userId)],
);

/**
 * One-time codes for moving between an SSO user's schools. Cookies are
 * host-only, so the school being left cannot sign the person in to the next:
 * it writes a code in the target school (as that person, within that school's
 * row-level security) and the target exchanges it, within seconds, for its own
 * session. Elevation carries over only within the key's lifetime.
 */
export const schoolSwitchCodes = pgTable(
  'school_switch_codes',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    codeHash: text('code_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    elevatedAt: timestamp('elevated_at', { withTimezone: true }),
    elevatedWith: text('elevated_with', { enum: ['totp', 'webauthn'] }),
    nextPath: text('next_path').notNull().default('/'),
    /** SHA-256 of the nonce in the asking browser's cookie: the code is exchanged only alongside it. */
    bindingHash: text('binding_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('school_switch_codes_school_code_key').on(t.schoolId, t.codeHash), schoolIsolation(t.schoolId)],
);

/**
 * A session on the root domain, for people in several schools: it only lists
 * their schools and sends them on with a one-time code (school-switch). It
 * opens no school's records. Holds a token hash and a person's id, nothing else.
 */
export const rootSessions = pgTable(
  'root_sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('root_sessions_token_key').on(t.tokenHash), index('root_sessions_user_idx').on(t.userId)],
);
