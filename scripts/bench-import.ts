/**
 * One MIS import in a process of its own, for `npm run bench`: the time of the
 * import itself and the process's peak memory (resident set, PGlite included)
 * are printed as one JSON line. `tsx scripts/bench-import.ts SLUG PATH` with
 * the benchmark's HAVEN_DATA_DIR.
 */
import { closeDb } from '@/db/client';
import { importFromPath } from '@/lib/mis/service';
import { findSchoolBySlug } from '@/lib/schools/queries';

async function main() {
  const [slug, bundle] = process.argv.slice(2);
  const school = slug ? await findSchoolBySlug(slug) : null;
  if (!school || !bundle) throw new Error('usage: bench-import.ts SLUG PATH');
  const t = performance.now();
  const outcome = await importFromPath(school, bundle);
  const ms = performance.now() - t;
  await closeDb();
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      peakRssMb,
      status: outcome.status,
      counts: outcome.status === 'succeeded' ? outcome.counts : null,
      reason: outcome.status === 'failed' ? outcome.reason : null,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
