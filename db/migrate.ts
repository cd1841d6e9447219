/** Applies the committed migrations in db/migrations with the driver in use. */
import 'server-only';
import path from 'node:path';
import { getDatabase } from './client';

export const migrationsFolder = () => path.join(process.cwd(), 'db', 'migrations');

export async function migrateDatabase(): Promise<void> {
  const { db, driver } = await getDatabase();
  const migrationsFolderPath = migrationsFolder();
  switch (driver) {
    case 'pglite': {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its own driver's type
      await migrate(db as any, { migrationsFolder: migrationsFolderPath });
      break;
    }
    case 'pg': {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await migrate(db as any, { migrationsFolder: migrationsFolderPath });
      break;
    }
    case 'neon': {
      const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await migrate(db as any, { migrationsFolder: migrationsFolderPath });
      break;
    }
  }
}
