import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and committed; `npm run db:migrate`
// (and the demo) applies them through db/migrate.ts, never drizzle-kit push.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  entities: { roles: { provider: '' } },
});
