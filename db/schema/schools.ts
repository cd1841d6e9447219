import { sql } from 'drizzle-orm';
import { jsonb, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appRole, currentSchoolId } from './_tenancy';

/**
 * A school: one tenant, reached at <slug>.<root domain>. Settings are a JSON
 * document validated by lib/schools/settings.ts (zod, with defaults), so new
 * settings need no migration.
 */
export const schools = pgTable(
  'schools',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    trustName: text('trust_name'),
    timeZone: text('time_zone').notNull().default('Europe/London'),
    settings: jsonb('settings')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set by an operator (the platform console): staff see "this school is unavailable"; nothing is deleted. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('schools_slug_key').on(t.slug),
    // Names and slugs are public (the root domain's school finder lists them);
    // the app role may change only the school of its own transaction.
    pgPolicy('schools_read', { as: 'permissive', for: 'select', to: appRole, using: sql`true` }),
    pgPolicy('schools_update_own', {
      as: 'permissive',
      for: 'update',
      to: appRole,
      using: sql`${t.id} = ${currentSchoolId}`,
      withCheck: sql`${t.id} = ${currentSchoolId}`,
    }),
  ],
);
