import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { categories } from './access';
import { incidents } from './incidents';
import { schools } from './schools';
import { users } from './users';

/**
 * An inbound integration: a monitoring or filtering product that writes
 * concerns into the school's chronologies through `POST /api/v1/concerns`
 * (lib/integrations). It can never read anything. Its token is shown once and
 * stored here only as `token_id` (the public part, to find the row) and the
 * SHA-256 of the whole token; rotating replaces both, revoking sets
 * `revoked_at`.
 */
export const integrations = pgTable(
  'integrations',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** The product's name: its incidents are authored "<name> (integration)". */
    name: text('name').notNull(),
    /** The category every incident it writes goes into. */
    categoryId: uuid('category_id').notNull(),
    alertUserIds: jsonb('alert_user_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    alertGroupIds: jsonb('alert_group_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The token's public part (after `hvn_`, before the secret): unique across the deployment. */
    tokenId: text('token_id').notNull(),
    /** SHA-256 (hex) of the whole token. */
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    unique('integrations_school_id_key').on(t.schoolId, t.id),
    uniqueIndex('integrations_token_id_key').on(t.tokenId),
    foreignKey({
      name: 'integrations_category_fk',
      columns: [t.schoolId, t.categoryId],
      foreignColumns: [categories.schoolId, categories.id],
    }),
    check('integrations_name_length', sql`char_length(${t.name}) between 1 and 80`),
    schoolIsolation(t.schoolId),
  ],
);

/** Which incident each of an integration's references made: the same reference twice is one incident. */
export const integrationConcerns = pgTable(
  'integration_concerns',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    integrationId: uuid('integration_id').notNull(),
    reference: text('reference').notNull(),
    incidentId: uuid('incident_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('integration_concerns_reference_key').on(t.schoolId, t.integrationId, t.reference),
    foreignKey({
      name: 'integration_concerns_integration_fk',
      columns: [t.schoolId, t.integrationId],
      foreignColumns: [integrations.schoolId, integrations.id],
    }),
    foreignKey({
      name: 'integration_concerns_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    index('integration_concerns_incident_idx').on(t.schoolId, t.incidentId),
    schoolIsolation(t.schoolId),
  ],
);
