import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * A file of the school's own library (policies, guidance): about no pupil,
 * read by staff through "library.view". Its own table rather than a kind of
 * `documents` row: every rule on `documents` (its source check, who reads an
 * attachment, the vault's orphan sweep of `documents/`) is about a pupil, and
 * a library file must never be judged by them. The bytes are stored exactly
 * like a vault document's (chunked envelope encryption, a fresh data key per
 * file), bound to `{ school, libraryDocument }` and kept under `library/`.
 */
export const libraryDocuments = pgTable(
  'library_documents',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** The uploader's file name without any path or control characters, extension kept. */
    originalName: text('original_name').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    /** The type read from the content (lib/vault/file-type.ts). */
    contentType: text('content_type').notNull(),
    extension: text('extension').notNull(),
    storageKey: text('storage_key').notNull(),
    cipherVersion: integer('cipher_version').notNull(),
    chunkBytes: integer('chunk_bytes').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    keyProvider: text('key_provider').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    deletedReason: text('deleted_reason'),
  },
  (t) => [
    check(
      'library_documents_deleted_whole',
      sql`(${t.deletedAt} is null) = (${t.deletedBy} is null) and (${t.deletedAt} is null) = (${t.deletedReason} is null)`,
    ),
    index('library_documents_school_uploaded_idx').on(t.schoolId, t.uploadedAt),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * One person alerted to one library file, and what they did about it: the
 * school's record that its staff read a policy ("Read by"). One row per
 * person and file (the unique index), so alerting someone twice, or a
 * doubled submission, alerts them once. The row is also their dashboard
 * alert: live until they mark the file read and understood, or, when no
 * action was asked for, until they open it. It opens nothing: reading the
 * file needs "library.view" whatever this table says.
 */
export const libraryReadReceipts = pgTable(
  'library_read_receipts',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => libraryDocuments.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    alertedBy: uuid('alerted_by')
      .notNull()
      .references(() => users.id),
    alertedAt: timestamp('alerted_at', { withTimezone: true }).notNull(),
    /** "Require action": the alert stays until the person marks the file read and understood. */
    requireAction: boolean('require_action').notNull(),
    /** Updated each time the person opens the file. */
    lastViewedAt: timestamp('last_viewed_at', { withTimezone: true }),
    /** When they clicked "Mark as read and understood"; set once. */
    understoodAt: timestamp('understood_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('library_read_receipts_school_document_user_idx').on(t.schoolId, t.documentId, t.userId),
    index('library_read_receipts_school_user_idx').on(t.schoolId, t.userId),
    schoolIsolation(t.schoolId),
  ],
);
