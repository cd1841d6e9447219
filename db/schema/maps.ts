import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * A school's own maps (a site plan, a classroom, a minibus): images markers
 * are placed on beside the built-in body maps (lib/maps/builtin.ts). The image
 * is encrypted (lib/crypto, bound to school and map) and kept in blob storage
 * under `storage_key`; the row keeps what decrypts it and the dimensions read
 * from the file itself. A map is never deleted: past incidents' markers point
 * at it, so it is disabled instead (no longer offered for new markers).
 */
export const schoolMaps = pgTable(
  'school_maps',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    contentType: text('content_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    byteSize: integer('byte_size').notNull(),
    storageKey: text('storage_key').notNull(),
    /** The envelope without its ciphertext (lib/crypto Envelope), base64. */
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    keyProvider: text('key_provider').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    sortOrder: integer('sort_order').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('school_maps_school_order_idx').on(t.schoolId, t.sortOrder),
    // Staff choose maps by title; two uploads racing with one title (a double click) keep one.
    uniqueIndex('school_maps_school_title_key').on(t.schoolId, sql`lower(${t.title})`),
    check('school_maps_size_check', sql`${t.width} > 0 and ${t.height} > 0 and ${t.byteSize} > 0`),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * The built-in body maps a school has switched off or on again. No row means
 * the default, enabled; the app cannot delete, so enabling again updates it.
 */
export const schoolBuiltinMaps = pgTable(
  'school_builtin_maps',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    mapId: text('map_id').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'school_builtin_maps_pkey', columns: [t.schoolId, t.mapId] }),
    check('school_builtin_maps_map_id_check', sql`${t.mapId} in ('body-front', 'body-back')`),
    schoolIsolation(t.schoolId),
  ],
);
