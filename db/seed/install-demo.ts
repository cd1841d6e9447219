/**
 * Installs the demo trust: its two schools (with their default user groups)
 * and, for each, a fresh MIS extract bundle placed in storage under
 * `imports/<slug>/<date>/` — exactly where an MIS connector delivers in
 * production, and where the mis-import job picks bundles up. Idempotent: a
 * school that exists is left as it is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSchool } from '@/lib/schools/service';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { getStorage } from '@/lib/storage';
import { provisionUser } from '@/lib/users/provision';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { DEMO_SCHOOLS, generateSchoolBundle } from './index';

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localDate(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export async function installDemo({ log }: { log: (line: string) => void }): Promise<void> {
  for (const school of DEMO_SCHOOLS) {
    if (await findSchoolBySlug(school.slug)) {
      log(`${school.name}: already installed.`);
      continue;
    }
    const today = localDate(school.timeZone);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `haven-bundle-${school.slug}-`));
    try {
      const bundle = await generateSchoolBundle(dir, { ...school, today });
      const storage = getStorage();
      for (const file of bundle.files) {
        const name = path.basename(file);
        await storage.put(`imports/${school.slug}/${today}/${name}`, fs.readFileSync(path.join(dir, name)), { contentType: 'text/csv' });
      }
      await createSchool({ slug: school.slug, name: school.name, trustName: school.trustName, timeZone: school.timeZone });
      const c = bundle.counts;
      log(`${school.name}: created; MIS extract of ${c.students} pupils, ${c.staff} staff, ${c.contacts} contacts and ${c.attendance} attendance marks placed in imports/${school.slug}/${today}/.`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const person of DEMO_USERS) {
    await provisionUser({ ...person, password: DEMO_PASSWORD });
  }
  log(`Demo staff: ${DEMO_USERS.length} people, one per role.`);
}
