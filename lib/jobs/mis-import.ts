/**
 * mis-import: for every school, the newest extract its MIS connector has
 * delivered to storage under `imports/<slug>/<folder>/`, imported once. A
 * folder already taken by a run (even one racing this one in another process)
 * is left alone: import_runs has a unique index on (school, folder) for job
 * runs. Schools are read as the public school list; each import runs inside
 * its own school's row-level security.
 */
import 'server-only';
import { importDeliveredBundle } from '@/lib/mis/service';
import { listSchools } from '@/lib/schools/queries';
import type { JobDefinition } from './types';

export async function importDeliveredBundles(opts: {
  now: Date;
  settleMs?: number;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const summary = { schools: 0, imported: 0, failed: 0, alreadyProcessed: 0 };
  for (const school of await listSchools()) {
    summary.schools++;
    try {
      const outcome = await importDeliveredBundle(school, { now: opts.now, settleMs: opts.settleMs });
      if (!outcome) continue;
      if (outcome.status === 'already-processed') summary.alreadyProcessed++;
      else if (outcome.status === 'failed') {
        summary.failed++;
        opts.log(`${school.slug}: import failed: ${outcome.reason}`);
      } else {
        summary.imported++;
        const c = outcome.counts;
        opts.log(
          `${school.slug}: imported (added ${c.added}, updated ${c.updated}, archived ${c.archived}, restored ${c.restored}, errors ${c.errors}, warnings ${c.warnings}).`,
        );
      }
    } catch (e) {
      // One school's trouble (storage unreachable, say) must not stop the others.
      summary.failed++;
      opts.log(`${school.slug}: import could not run: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return summary;
}

export const misImport: JobDefinition = {
  name: 'mis-import',
  description: "Import each school's newest MIS extract delivered to storage (imports/<slug>/<folder>/), once.",
  run: ({ now, log }) => importDeliveredBundles({ now, log }),
};
