/** Platform-wide reads of schools for the command line and the platform console. */
import 'server-only';
import { asc } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { schools } from '@/db/schema';
import type { SchoolListing } from './types';

export async function listSchoolsForPlatform(): Promise<(SchoolListing & { id: string })[]> {
  return privileged('platform-console', 'list schools', (tx) =>
    tx
      .select({ id: schools.id, slug: schools.slug, name: schools.name, trustName: schools.trustName })
      .from(schools)
      .orderBy(asc(schools.slug)),
  );
}
