import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
