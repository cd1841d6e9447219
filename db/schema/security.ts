import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Hits counted by rate limits (lib/rate-limit): failed sign-ins by account,
 * client and device, second-factor failures, reset requests. In the database
 * so a limit holds across serverless instances. The key names the limit and
 * carries a hash of what it counts (no email address, IP or token is stored).
 * Pruned by idle-cleanup after a day.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rate_limit_hits_key_at_idx').on(t.key, t.at)],
);

/**
 * Server-side secret keys (e.g. the one that signs device tokens), one per
 * purpose: a data key made by the key provider, stored wrapped, so the
 * database alone does not reveal it and every instance shares it.
 */
export const serverKeys = pgTable('server_keys', {
  purpose: text('purpose').primaryKey(),
  wrappedKey: text('wrapped_key').notNull(),
  keyProvider: text('key_provider').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
