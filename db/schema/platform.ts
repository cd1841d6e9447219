import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The people who run this deployment (the platform console, /console on the
 * root domain). An operator is a person account (users) with this row, never
 * a school membership: being an administrator of a school gives nothing here.
 * Removing an operator sets `removed_at`, so the history stays.
 *
 * These tables are the platform's, not a school's: the app role has no
 * privilege on them at all (migration), and only lib/platform reaches them,
 * on the logged privileged path ('platform-console').
 */
export const platformOperators = pgTable('platform_operators', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
});

/**
 * A signed-in browser on the console. Like a school's session, the cookie
 * holds a random token and the row its SHA-256; `elevated_at` is set when the
 * operator has used their key in it, and no console page opens without it.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    elevatedAt: timestamp('elevated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('console_sessions_token_key').on(t.tokenHash), index('console_sessions_user_idx').on(t.userId)],
);

/**
 * What operators did, across the deployment. A row about a school names it in
 * `affected_school_id` (not `school_id`: this is not a tenant table, and no
 * school reads it; the school's own audit log gets its own row).
 */
export const platformAuditLog = pgTable(
  'platform_audit_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    affectedSchoolId: uuid('affected_school_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('platform_audit_log_at_idx').on(t.at)],
);

/**
 * Files of the deployment itself, offered to every school: the service-level
 * agreement (Admin → Overview). One live row per kind; a new upload replaces
 * it (`replaced_at` on the old). The bytes are envelope-encrypted in blob
 * storage under `platform/`; the app role may read rows (every school's
 * administrators download it) but never write them (migration).
 */
export const platformDocuments = pgTable(
  'platform_documents',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['sla'] }).notNull(),
    originalName: text('original_name').notNull(),
    byteSize: integer('byte_size').notNull(),
    storageKey: text('storage_key').notNull(),
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    keyProvider: text('key_provider').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('platform_documents_live_kind_key')
      .on(t.kind)
      .where(sql`${t.replacedAt} is null`),
  ],
);
