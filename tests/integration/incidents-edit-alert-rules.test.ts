/**
 * A category added to an incident by an edit reaches the holders of category
 * alert rules for it, as a new incident in that category would; categories it
 * already had alert nobody again, and the editor is never alerted.
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alertRules, alerts, categories, outbox } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import { editIncident } from '@/lib/incidents';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let teacher: UserCtx;
let dsl: UserCtx;
let watcherId: string;
let zoe: string;
let cat: Record<string, string>;

beforeAll(async () => {
  a = await makeSchool('edit-alert-rules-a');
  const teacherId = await makeUser({
    email: 'teacher@ear.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  const dslId = await makeUser({
    email: 'dsl@ear.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  watcherId = await makeUser({
    email: 'deputy@ear.example.org',
    displayName: 'Rita Deputy',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  [zoe] = (await addPupils(a.id, [{ legalForename: 'Zoë', legalSurname: 'Rule' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  // The deputy wants to hear of every Child Protection incident; the DSL, who edits, of Behaviour.
  await inSchool(a.id, (tx) =>
    tx.insert(alertRules).values([
      { id: randomUUID(), schoolId: a.id, userId: watcherId, kind: 'category', categoryId: cat['Child Protection']! },
      { id: randomUUID(), schoolId: a.id, userId: dslId, kind: 'category', categoryId: cat['Behaviour']! },
    ]),
  );
});

const edit = (incidentId: string, version: number, categoryIds: string) => ({
  incidentId,
  version,
  text: 'Raised after a conversation.',
  categoryIds,
  occurredAt: '2026-03-01T09:00',
  status: 'active',
  agencies: '',
});

describe('an edit adding a category', () => {
  it('alerts the rule holders of the added category once, with a content-free email', async () => {
    const { incidentId } = await createIncident(teacher, {
      studentId: zoe,
      text: 'Upset at break.',
      categoryIds: cat['Behaviour']!,
    });
    const ruleAlerts = () =>
      inSchool(a.id, (tx) =>
        tx
          .select({ userId: alerts.userId, reason: alerts.reason })
          .from(alerts)
          .where(and(eq(alerts.incidentId, incidentId), eq(alerts.reason, 'rule'))),
      );
    // The Behaviour rule's holder heard of the new incident; the deputy did not.
    expect((await ruleAlerts()).map((r) => r.userId)).toEqual([dsl.user.id]);
    const mailBefore = (await inSchool(a.id, (tx) => tx.select().from(outbox))).length;

    await editIncident(dsl, edit(incidentId, 1, `${cat['Behaviour']},${cat['Child Protection']}`));
    expect((await ruleAlerts()).map((r) => r.userId).sort()).toEqual([dsl.user.id, watcherId].sort());
    const mail = await inSchool(a.id, (tx) => tx.select().from(outbox));
    expect(mail).toHaveLength(mailBefore + 1);
    expect(mail.at(-1)!.toAddress).toBe('deputy@ear.example.org');
    expect(JSON.stringify(mail.at(-1))).not.toContain('Raised after a conversation.');

    // Saving again with the same categories adds none, so nobody is alerted again.
    await editIncident(dsl, edit(incidentId, 2, `${cat['Behaviour']},${cat['Child Protection']}`));
    expect(await ruleAlerts()).toHaveLength(2);
  });

  it('never alerts the editor, even when they hold the rule', async () => {
    const { incidentId } = await createIncident(teacher, {
      studentId: zoe,
      text: 'Late again.',
      categoryIds: cat['Attendance'] ?? cat['Family']!,
    });
    await editIncident(dsl, edit(incidentId, 1, cat['Behaviour']!));
    const rows = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, incidentId)));
    expect(rows.map((r) => r.userId)).not.toContain(dsl.user.id);
  });
});
