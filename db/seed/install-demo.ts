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
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { alertGroupMembers, alertGroups, memberships, userGroups } from '@/db/schema';
import { ensureOperator } from '@/lib/platform/operators';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { DEMO_SCHOOLS, generateSchoolBundle } from './index';
import { dateInZone } from '@/lib/time/school-date';

export async function installDemo({ log }: { log: (line: string) => void }): Promise<void> {
  for (const school of DEMO_SCHOOLS) {
    if (await findSchoolBySlug(school.slug)) {
      log(`${school.name}: already installed.`);
      continue;
    }
    const today = dateInZone(school.timeZone);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `haven-bundle-${school.slug}-`));
    try {
      const bundle = await generateSchoolBundle(dir, { ...school, today });
      const storage = getStorage();
      for (const file of bundle.files) {
        const name = path.basename(file);
        await storage.put(`imports/${school.slug}/${today}/${name}`, fs.readFileSync(path.join(dir, name)), {
          contentType: 'text/csv',
        });
      }
      await createSchool({
        slug: school.slug,
        name: school.name,
        trustName: school.trustName,
        timeZone: school.timeZone,
      });
      const c = bundle.counts;
      log(
        `${school.name}: created; MIS extract of ${c.students} pupils, ${c.staff} staff, ${c.contacts} contacts and ${c.attendance} attendance marks placed in imports/${school.slug}/${today}/.`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const { operator, ...person } of DEMO_USERS) {
    await provisionUser({ ...person, password: DEMO_PASSWORD });
    if (operator) await ensureOperator(person.email);
  }
  log(`Demo staff: ${DEMO_USERS.length} people, one per role.`);
  for (const school of DEMO_SCHOOLS) await installSafeguardingTeam(school.slug);
}

/** Each demo school's "Safeguarding team" alert group: everyone in its DSL user group. */
async function installSafeguardingTeam(slug: string): Promise<void> {
  const school = await findSchoolBySlug(slug);
  if (!school) return;
  await inSchool(school.id, async (tx) => {
    const existing = await tx
      .select({ id: alertGroups.id })
      .from(alertGroups)
      .where(and(eq(alertGroups.name, 'Safeguarding team'), isNull(alertGroups.archivedAt)));
    if (existing.length > 0) return;
    const dsls = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(eq(userGroups.name, 'DSL'), eq(memberships.status, 'active')));
    const id = randomUUID();
    await tx.insert(alertGroups).values({ id, schoolId: school.id, name: 'Safeguarding team' });
    if (dsls.length > 0)
      await tx
        .insert(alertGroupMembers)
        .values(dsls.map((d) => ({ id: randomUUID(), schoolId: school.id, alertGroupId: id, userId: d.userId })));
  });
}
