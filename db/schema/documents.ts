import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { incidentActions, incidents } from './incidents';
import { schools } from './schools';
import { students } from './students';
import { users } from './users';

/**
 * A file kept about a pupil: uploaded to their Document vault, or attached to
 * one of their incidents or actions (`source`). The bytes are encrypted in
 * chunks under a per-file data key (lib/vault/chunked-cipher.ts) and kept in
 * blob storage under `storage_key`; the row keeps the wrapped key and what is
 * needed to read the stream back, bound to the school and the document's id.
 * A deleted document keeps its row and blob (`deleted_*`) until restored.
 */
export const documents = pgTable(
  'documents',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** Null only while pending: an attachment uploaded from a form not yet saved. */
    studentId: uuid('student_id'),
    incidentId: uuid('incident_id'),
    actionId: uuid('action_id'),
    /**
     * 'pending': uploaded from the add/edit incident or add action form and
     * not yet claimed by a saved record; owned by its uploader, read by
     * nobody, removed by the orphan sweep after the grace period.
     */
    source: text('source', { enum: ['vault', 'incident', 'action', 'pending'] }).notNull(),
    /**
     * The document id the wrapped key is bound to (its encryption context),
     * when not this row's own: a copy shared with a linked pupil's record
     * reads the first row's blob and key, so no second blob exists.
     */
    keyDocumentId: uuid('key_document_id'),
    /** The uploader's file name without any path or control characters, extension kept. */
    originalName: text('original_name').notNull(),
    /** Plaintext size in bytes. */
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    /** The type read from the content (lib/vault/file-type.ts), e.g. application/pdf. */
    contentType: text('content_type').notNull(),
    /** The extension the type was checked against (lower case, no dot). */
    extension: text('extension').notNull(),
    storageKey: text('storage_key').notNull(),
    /** The chunked stream's format version and chunk size; the wrapped data key, base64. */
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
    /** The transfer that brought this copy from another school (re-encrypted under this school's keys). */
    transferId: uuid('transfer_id'),
    /** Came from another school (transfers): the uploader shown, the previous school's name. */
    externalAuthor: text('external_author'),
  },
  (t) => [
    foreignKey({
      name: 'documents_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    foreignKey({
      name: 'documents_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    foreignKey({
      name: 'documents_action_fk',
      columns: [t.schoolId, t.actionId],
      foreignColumns: [incidentActions.schoolId, incidentActions.id],
    }),
    // A vault upload belongs to the pupil alone; an attachment names its record (an action, its incident too);
    // a pending upload names nothing yet.
    check(
      'documents_source_record',
      sql`(${t.source} = 'pending' and ${t.studentId} is null and ${t.incidentId} is null and ${t.actionId} is null)
        or (${t.source} = 'vault' and ${t.studentId} is not null and ${t.incidentId} is null and ${t.actionId} is null)
        or (${t.source} = 'incident' and ${t.studentId} is not null and ${t.incidentId} is not null and ${t.actionId} is null)
        or (${t.source} = 'action' and ${t.studentId} is not null and ${t.incidentId} is not null and ${t.actionId} is not null)`,
    ),
    check(
      'documents_deleted_whole',
      sql`(${t.deletedAt} is null) = (${t.deletedBy} is null) and (${t.deletedAt} is null) = (${t.deletedReason} is null)`,
    ),
    index('documents_student_idx').on(t.schoolId, t.studentId, t.uploadedAt),
    index('documents_storage_key_idx').on(t.schoolId, t.storageKey),
    index('documents_incident_idx').on(t.schoolId, t.incidentId),
    index('documents_action_idx').on(t.schoolId, t.actionId),
    index('documents_transfer_idx').on(t.schoolId, t.transferId),
    schoolIsolation(t.schoolId),
  ],
);
