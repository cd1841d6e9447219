/**
 * A process that dies in the middle of an import, for the recovery test:
 * it records a run on the embedded database in HAVEN_DATA_DIR, writes part
 * of an extract into the run's work folder, says `running <run id>`, and
 * waits for the test to kill it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '@/db/migrate';
import { runImport } from '@/lib/mis/import/run';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { createSchool } from '@/lib/schools/service';
import { makeCtx } from '@/lib/tenancy/make-ctx';

await migrateDatabase();
await createSchool({ slug: 'crash-school', name: 'Crash School' });
const school = (await findSchoolBySlug('crash-school'))!;
void runImport(makeCtx(school), {
  source: 'command',
  sourceName: 'extract that never finished',
  open: async (dir) => {
    fs.writeFileSync(path.join(dir, 'students.csv'), 'mis_id,legal_forename\nS1,Half\n');
    console.log(`running ${path.basename(dir)}`);
    return new Promise(() => {}); // the import goes on until the process is killed
  },
});
setInterval(() => {}, 60_000);
