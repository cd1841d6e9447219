/**
 * The whole-history Excel listing in a process of its own, for `npm run
 * bench -- reports` on PostgreSQL: the time, the file's size and the
 * process's peak memory (resident set: the modules a server loads and the
 * export) as one JSON line. `tsx scripts/bench-excel.ts SLUG` with
 * BENCH_SESSION, a signed-in DSL's session token of that school, and the
 * benchmark's DATABASE_URL and HAVEN_MASTER_KEY in the environment.
 */
import { closeDb } from '@/db/client';
import { resolveSession } from '@/lib/auth/sessions';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { measureExcelListing } from './bench-listing';

async function main() {
  const [slug] = process.argv.slice(2);
  const token = process.env.BENCH_SESSION;
  const school = slug ? await findSchoolBySlug(slug) : null;
  if (!school || !token) throw new Error('usage: BENCH_SESSION=<token> bench-excel.ts SLUG');
  const user = await resolveSession(school.id, token, new Date());
  if (!user) throw new Error('the benchmark session did not resolve');
  const ctx = makeCtx(school, user, { ip: '127.0.0.1', userAgent: 'bench' }) as UserCtx;
  const run = await measureExcelListing(ctx);
  await closeDb();
  // The whole life of the process, in case a peak fell between two samples.
  const peakMb = Math.max(run.peakMb, Math.round(process.resourceUsage().maxRSS / 1024));
  console.log(JSON.stringify({ ...run, peakMb }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
