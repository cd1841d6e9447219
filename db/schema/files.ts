import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * A file the school uploaded for itself (the logo now; maps and the library
 * later). The bytes are envelope-encrypted (lib/crypto) and kept in blob
 * storage under `storage_key`; this row keeps the rest of the envelope, bound
 * to the school and the file's id. A replaced or removed file keeps its row
 * with `removed_at` (the app may not delete rows); its blob is removed.
 */
export const schoolFiles = pgTable(
  'school_files',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    purpose: text('purpose', { enum: ['logo'] }).notNull(),
    contentType: text('content_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
    byteSize: integer('byte_size').notNull(),
    storageKey: text('storage_key').notNull(),
    /** The envelope's IV, tag and wrapped data key, base64. */
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    keyProvider: text('key_provider').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedBy: uuid('removed_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    // One live logo per school: a second upload replaces the first in the same transaction.
    uniqueIndex('school_files_one_live_logo')
      .on(t.schoolId, t.purpose)
      .where(sql`${t.removedAt} is null and ${t.purpose} = 'logo'`),
    index('school_files_school_idx').on(t.schoolId, t.purpose, t.createdAt),
    schoolIsolation(t.schoolId),
  ],
);
