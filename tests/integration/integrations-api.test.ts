/**
 * Inbound integrations against a real database: Admin → Integrations (add,
 * rotate, revoke, audited, administrators with their key only) and
 * POST /api/v1/concerns through its route handler, with every refusal.
 */
import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { categoryIdByName } from '../support/categories';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  alerts,
  auditLog,
  incidentCategories,
  incidents,
  integrationConcerns,
  integrations,
  outbox,
} from '@/db/schema';
import { createAlertGroup, listAlertGroups } from '@/lib/admin';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { concernsRoute } from '@/lib/http/concerns-route';
import { isMachinePath } from '@/lib/http/origin';
import {
  createIntegration,
  INTEGRATION_RULE,
  listIntegrations,
  revokeIntegration,
  rotateIntegration,
} from '@/lib/integrations';
import { rateLimitKey } from '@/lib/rate-limit';
import { rateLimitHits } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

const ROOT = 'haven.test';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

let a: School;
let b: School;
let admin: UserCtx;
let adminNoKey: UserCtx;
let teacher: UserCtx;
let bAdmin: UserCtx;
let ann: string;
let bob: string;
let gus: string;
let bystander: string;
let pupil = '';
let other = '';
let bPupil = '';
let bullying: string;
let token: string;
let integrationId: string;
let bToken: string;

function post(
  body: unknown,
  opts: { token?: string | null; host?: string; path?: string; raw?: string; type?: string } = {},
): Promise<Response> {
  const host = opts.host ?? `${a.slug}.${ROOT}`;
  const headers: Record<string, string> = { host, 'content-type': opts.type ?? 'application/json' };
  const t = opts.token === undefined ? token : opts.token;
  if (t) headers.authorization = `Bearer ${t}`;
  return concernsRoute(
    new Request(`https://${host}${opts.path ?? '/api/v1/concerns'}`, {
      method: 'POST',
      headers,
      body: opts.raw ?? JSON.stringify(body),
    }),
  );
}

const concern = (reference: string, extra: Record<string, unknown> = {}) => ({
  pupil: { upn: 'A123456789012' },
  occurredAt: '2026-11-30T10:15:00Z',
  text: 'Searched for self-harm methods on a school laptop.',
  severity: 'high',
  reference,
  ...extra,
});

beforeAll(async () => {
  a = await makeSchool('integrations-a');
  b = await makeSchool('integrations-b');
  const adminId = await makeUser({
    email: 'dsl@int.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const teacherId = await makeUser({
    email: 'teacher@int.example.org',
    displayName: 'Tia Teacher',
    memberships: { [a.slug]: 'Teachers' },
  });
  ann = await makeUser({
    email: 'ann@int.example.org',
    displayName: 'Ann Able',
    memberships: { [a.slug]: 'Pastoral' },
  });
  bob = await makeUser({
    email: 'bob@int.example.org',
    displayName: 'Bob Brown',
    memberships: { [a.slug]: 'Pastoral' },
  });
  gus = await makeUser({ email: 'gus@int.example.org', displayName: 'Gus Group', memberships: { [a.slug]: 'SLT' } });
  bystander = await makeUser({
    email: 'by@int.example.org',
    displayName: 'Bea Stander',
    memberships: { [a.slug]: 'Pastoral' },
  });
  const bAdminId = await makeUser({
    email: 'dsl@intb.example.org',
    displayName: 'Bee Lead',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminNoKey = (await signedIn(a, adminId)).ctx;
  teacher = (await signedIn(a, teacherId, { elevated: true })).ctx;
  bAdmin = (await signedIn(b, bAdminId, { elevated: true })).ctx;
  [pupil = '', other = ''] = await addPupils(a.id, [
    { legalForename: 'Pia', legalSurname: 'Pupil', upn: 'A123456789012', misId: 'MIS-1' },
    { legalForename: 'Otto', legalSurname: 'Other', upn: 'B123456789012', misId: 'MIS-2' },
  ]);
  [bPupil = ''] = await addPupils(b.id, [
    { legalForename: 'Bo', legalSurname: 'Bee', upn: 'C123456789012', misId: 'MIS-1' },
  ]);
  bullying = await categoryIdByName(a.id, 'Bullying');
  await createAlertGroup(admin, { name: 'Online safety', memberIds: gus });
  const group = (await listAlertGroups(admin)).find((g) => g.name === 'Online safety')!;
  ({ id: integrationId, token } = await createIntegration(admin, {
    name: 'WatchGuard',
    categoryId: bullying,
    alertUserIds: ann,
    alertGroupIds: group.id,
  }));
  ({ token: bToken } = await createIntegration(bAdmin, {
    name: 'Other product',
    categoryId: await categoryIdByName(b.id, 'Bullying'),
    alertUserIds: bAdminId,
    alertGroupIds: '',
  }));
});

describe('Admin → Integrations', () => {
  it('shows the token once, stores only its hash, and audits without it', async () => {
    expect(token).toMatch(/^hvn_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(integrations).where(eq(integrations.id, integrationId)),
    );
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(21));
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, integrationId), eq(auditLog.action, 'admin.integration_created'))),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(token.slice(21));
    const list = await listIntegrations(admin);
    expect(list.map((i) => [i.name, i.categoryName, i.alertUserCount, i.alertGroupCount])).toEqual([
      ['WatchGuard', 'Bullying', 1, 1],
    ]);
  });

  it('is for administrators with their key only, and shows only this school', async () => {
    await expect(listIntegrations(adminNoKey)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(listIntegrations(teacher)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      createIntegration(teacher, { name: 'X', categoryId: bullying, alertUserIds: ann, alertGroupIds: '' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    expect((await listIntegrations(bAdmin)).map((i) => i.name)).toEqual(['Other product']);
    await expect(revokeIntegration(bAdmin, { integrationId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotateIntegration(bAdmin, { integrationId })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses another school’s category or people, and no one to alert', async () => {
    const bCategory = await categoryIdByName(b.id, 'Bullying');
    await expect(
      createIntegration(admin, { name: 'X', categoryId: bCategory, alertUserIds: ann, alertGroupIds: '' }),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      createIntegration(admin, { name: 'X', categoryId: bullying, alertUserIds: bAdmin.user.id, alertGroupIds: '' }),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      createIntegration(admin, { name: 'X', categoryId: bullying, alertUserIds: '', alertGroupIds: '' }),
    ).rejects.toBeInstanceOf(UserError);
  });
});

describe('POST /api/v1/concerns', () => {
  it('creates an incident in the pupil’s chronology, authored by the integration, alerting the chosen people', async () => {
    const res = await post(concern('wg-1'));
    expect(res.status).toBe(201);
    const { incident } = (await res.json()) as { incident: number };
    const [row] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(incidents)
        .where(and(eq(incidents.number, incident))),
    );
    expect(row).toMatchObject({
      studentId: pupil,
      authorId: null,
      externalAuthor: 'WatchGuard (integration)',
      text: 'Severity: high\n\nSearched for self-harm methods on a school laptop.',
    });
    expect(row!.occurredAt.toISOString()).toBe('2026-11-30T10:15:00.000Z');
    const cats = await inSchool(a.id, (tx) =>
      tx.select().from(incidentCategories).where(eq(incidentCategories.incidentId, row!.id)),
    );
    expect(cats.map((c) => c.categoryId)).toEqual([bullying]);
    const alerted = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, row!.id)));
    expect(alerted.map((x) => x.userId).sort()).toEqual([ann, gus].sort());
    expect(alerted.map((x) => x.userId)).not.toContain(bob);
    expect(alerted.map((x) => x.userId)).not.toContain(bystander);
    expect(alerted.every((x) => x.raisedBy === null)).toBe(true);
    const mail = await inSchool(a.id, (tx) => tx.select().from(outbox).where(eq(outbox.schoolId, a.id)));
    const toAnn = mail.filter((m) => m.toAddress === 'ann@int.example.org');
    expect(toAnn).toHaveLength(1);
    expect(toAnn[0]!.bodyText).not.toContain('self-harm');
    expect(toAnn[0]!.bodyText).not.toContain('Pia');
    const lastUsedAt = (await listIntegrations(admin))[0]?.lastUsedAt;
    expect(lastUsedAt).toBeInstanceOf(Date);
  });

  it('finds the pupil by MIS id too', async () => {
    const res = await post(concern('wg-mis', { pupil: { misId: 'MIS-2' } }));
    expect(res.status).toBe(201);
    const { incident } = (await res.json()) as { incident: number };
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.number, incident)));
    expect(row!.studentId).toBe(other);
  });

  it('makes one incident of the same reference, also when sent twice at once', async () => {
    const first = await post(concern('wg-2'));
    expect(first.status).toBe(201);
    const n = ((await first.json()) as { incident: number }).incident;
    const again = await post(concern('wg-2', { text: 'changed' }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ incident: n });

    const [x, y] = await Promise.all([post(concern('wg-3')), post(concern('wg-3'))]);
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    const [bx, by] = (await Promise.all([x.json(), y.json()])) as { incident: number }[];
    expect(bx!.incident).toBe(by!.incident);
    const rows = await inSchool(a.id, (tx) =>
      tx.select().from(integrationConcerns).where(eq(integrationConcerns.reference, 'wg-3')),
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses an unknown pupil, or another school’s, saying nothing about other pupils', async () => {
    const unknown = await post(concern('wg-4', { pupil: { upn: 'Z999999999999' } }));
    const otherSchools = await post(concern('wg-5', { pupil: { upn: 'C123456789012' } }));
    expect(unknown.status).toBe(422);
    expect(otherSchools.status).toBe(422);
    const u = await unknown.text();
    expect(await otherSchools.text()).toBe(u);
    expect(u).not.toMatch(/Pia|Otto|Bo\b/);
    void bPupil;
  });

  it('refuses bad JSON, invalid fields, an oversized body and a body that is not JSON', async () => {
    expect((await post(null, { raw: '{"pupil":' })).status).toBe(400);
    const invalid = await post(concern('wg-6', { occurredAt: 'yesterday', pupil: { upn: 'x', misId: 'y' } }));
    expect(invalid.status).toBe(400);
    expect(Object.keys(((await invalid.json()) as { fields: object }).fields).sort()).toEqual(['occurredAt', 'pupil']);
    expect((await post(concern('wg-7', { extra: 1 }))).status).toBe(400);
    const big = await post(concern('wg-8', { text: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect((await post(concern('wg-9'), { type: 'text/plain' })).status).toBe(415);
  });

  it('refuses a missing, malformed, unknown, another school’s, or query-string token', async () => {
    expect((await post(concern('t-1'), { token: null })).status).toBe(401);
    expect((await post(concern('t-2'), { token: 'hvn_nope' })).status).toBe(401);
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await post(concern('t-3'), { token: forged })).status).toBe(401);
    const cross = await post(concern('t-4'), { token: bToken });
    expect(cross.status).toBe(401);
    // Another school's token at its own school cannot reach this school's pupils.
    expect((await post(concern('t-5'), { token: bToken, host: `${b.slug}.${ROOT}` })).status).toBe(422);
    // The root domain is not a school's address.
    expect((await post(concern('t-6'), { host: ROOT })).status).toBe(401);
    const inQuery = await post(concern('t-7'), { token: null, path: `/api/v1/concerns?access_token=${token}` });
    expect(inQuery.status).toBe(400);
    expect(await inQuery.text()).not.toContain(token);
    const none = await inSchool(a.id, (tx) =>
      tx.select().from(integrationConcerns).where(like(integrationConcerns.reference, 't-%')),
    );
    expect(none).toHaveLength(0);
  });

  it('stops the old token at once on rotate, and every token on revoke', async () => {
    const { id } = await createIntegration(admin, {
      name: 'Rotating',
      categoryId: bullying,
      alertUserIds: bob,
      alertGroupIds: '',
    });
    const first = (await listIntegrations(admin)).find((i) => i.id === id)!;
    expect(first.revokedAt).toBeNull();
    const { token: next } = await rotateIntegration(admin, { integrationId: id });
    expect((await post(concern('r-1'), { token: next })).status).toBe(201);
    expect((await post(concern('r-2'))).status).toBe(201); // the first integration's token is untouched
    await revokeIntegration(admin, { integrationId: id });
    expect((await post(concern('r-3'), { token: next })).status).toBe(401);
    await expect(rotateIntegration(admin, { integrationId: id })).rejects.toBeInstanceOf(NotFoundError);
    const audit = await inSchool(a.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, id)));
    expect(audit.map((r) => r.action).sort()).toEqual([
      'admin.integration_created',
      'admin.integration_revoked',
      'admin.integration_rotated',
    ]);
  });

  it('throttles one token past its allowance with 429 and Retry-After, and nothing else', async () => {
    // The allowance is spent (hits written as the store would), then one more request is refused.
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(integrations).where(eq(integrations.id, integrationId)),
    );
    const key = rateLimitKey('integration', row!.id);
    const now = Date.now();
    await inSchool(a.id, (tx) =>
      tx.insert(rateLimitHits).values(
        Array.from({ length: INTEGRATION_RULE.free + 400 }, (_, i) => ({
          id: crypto.randomUUID(),
          key,
          at: new Date(now - 30_000 + i),
        })),
      ),
    );
    const res = await post(concern('rl-1'));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another school's integration and the school's staff are not slowed down.
    expect(
      (await post(concern('rl-2', { pupil: { upn: 'C123456789012' } }), { token: bToken, host: `${b.slug}.${ROOT}` }))
        .status,
    ).toBe(201);
    const made = await createIncident(admin, {
      studentId: pupil,
      text: 'Staff concern during the throttle.',
      categoryIds: bullying,
      occurredAt: '',
      status: 'active',
    });
    expect(made.number).toBeGreaterThan(0);
  });

  it('answers 1,000 requests in a minute from one token: its allowance, then 429s, never an error', async () => {
    const { token: busy } = await createIntegration(admin, {
      name: 'Busy filter',
      categoryId: bullying,
      alertUserIds: bob,
      alertGroupIds: '',
    });
    // Requests that pass the token and the limit but fail validation (400): cheap, and counted like any other.
    const statuses: number[] = [];
    for (let sent = 0; sent < 1000; sent += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => post({ reference: 'flood' }, { token: busy }).then((r) => r.status)),
      );
      statuses.push(...batch);
    }
    const count = (status: number) => statuses.filter((s) => s === status).length;
    expect(count(400) + count(429)).toBe(1000);
    // The allowance, then one more each time a doubling wait (1 s, 2 s, 4 s…) has passed: a handful in a minute.
    expect(count(400)).toBeGreaterThanOrEqual(INTEGRATION_RULE.free);
    expect(count(400)).toBeLessThanOrEqual(INTEGRATION_RULE.free + 7);
    expect(count(429)).toBeGreaterThanOrEqual(1000 - INTEGRATION_RULE.free - 7);
    // Nobody else is slowed: the school's other integration and its staff carry on.
    expect(
      (
        await post(concern('after-flood', { pupil: { upn: 'C123456789012' } }), {
          token: bToken,
          host: `${b.slug}.${ROOT}`,
        })
      ).status,
    ).toBe(201);
    const made = await createIncident(teacher, {
      studentId: pupil,
      text: 'Staff concern after the flood.',
      categoryIds: bullying,
      occurredAt: '',
      status: 'active',
    });
    expect(made.number).toBeGreaterThan(0);
  });

  it('lets only the API path through the proxy without an Origin', () => {
    expect(isMachinePath('/api/v1/concerns')).toBe(true);
    expect(isMachinePath('/api/v1/concerns/')).toBe(false);
    expect(isMachinePath('/api/v1/concerns2')).toBe(false);
    expect(isMachinePath('/admin/integrations')).toBe(false);
  });
});
