/**
 * The audit writer against a real database: what each kind of actor leaves in
 * the row (a person, the platform, a command), the request's address and
 * browser, and the row committing or rolling back with the change it records.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import { recordAdminEvent, recordSystemAdminEvent } from '@/lib/audit/admin-events';
import { recordSecurityEvent } from '@/lib/auth/audit';
import { writeAudit } from '@/lib/audit/write';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

let a: School;
let admin: UserCtx;

const rowsOf = (school: School, action: string) =>
  inSchool(school.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action))),
  );

beforeAll(async () => {
  a = await makeSchool('audit-writer-a');
  const userId = await makeUser({
    email: 'head@audit-writer.test',
    displayName: 'Head',
    memberships: { [a.slug]: 'DSL' },
  });
  const { user } = await signedIn(a, userId);
  admin = makeCtx(a, user, { ip: '198.51.100.4', userAgent: `Browser/${'x'.repeat(700)}` }) as UserCtx;
});

describe('the audit writer', () => {
  it('records the school’s creation as the platform, about the school, at the time of the transaction', async () => {
    const [row] = await rowsOf(a, 'school.created');
    expect(row).toMatchObject({
      actorUserId: null,
      actorLabel: 'platform',
      entityType: 'school',
      entityId: a.id,
      ip: null,
      userAgent: null,
      details: { slug: a.slug, name: a.name },
    });
    expect(Date.now() - row!.at.getTime()).toBeLessThan(120_000);
  });

  it('keeps a person’s address and the first 500 characters of their browser, and no actor label beside a person', async () => {
    const at = new Date('2026-03-02T10:00:00Z');
    await admin.run((tx) =>
      recordAdminEvent(tx, admin, {
        action: 'admin.settings_changed',
        entityType: 'school',
        entityId: a.id,
        details: { changed: ['x'] },
        at,
      }),
    );
    await admin.run((tx) =>
      recordSystemAdminEvent(tx, a.id, {
        actorUserId: admin.user.id,
        actorLabel: 'mis-import',
        action: 'admin.user_deactivated',
        entityType: 'user',
        entityId: admin.user.id,
        details: {},
        at,
      }),
    );
    const [settings] = await rowsOf(a, 'admin.settings_changed');
    expect(settings).toMatchObject({
      actorUserId: admin.user.id,
      actorLabel: null,
      ip: '198.51.100.4',
      at,
      details: { changed: ['x'] },
    });
    expect(settings!.userAgent).toBe(`Browser/${'x'.repeat(700)}`.slice(0, 500));
    const [deactivated] = await rowsOf(a, 'admin.user_deactivated');
    expect(deactivated).toMatchObject({ actorUserId: admin.user.id, actorLabel: null, ip: null, userAgent: null });
  });

  it('writes a failed sign-in for an unknown address about no one', async () => {
    await inSchool(a.id, (tx) =>
      recordSecurityEvent(tx, {
        schoolId: a.id,
        userId: null,
        action: 'auth.sign_in_failed',
        meta: { ip: '192.0.2.1', userAgent: null },
        details: { reason: 'unknown' },
      }),
    );
    const [row] = await rowsOf(a, 'auth.sign_in_failed');
    expect(row).toMatchObject({
      actorUserId: null,
      actorLabel: null,
      entityType: null,
      entityId: null,
      ip: '192.0.2.1',
      details: { reason: 'unknown' },
    });
  });

  it('writes several rows in one statement, and none when the change rolls back', async () => {
    const base = {
      schoolId: a.id,
      actorUserId: null,
      actorLabel: 'command',
      entityType: 'school',
      entityId: a.id,
    } as const;
    await inSchool(a.id, (tx) =>
      writeAudit(tx, [
        { ...base, action: 'admin.training_mode_enabled' },
        { ...base, action: 'admin.training_mode_disabled' },
      ]),
    );
    expect(await rowsOf(a, 'admin.training_mode_enabled')).toHaveLength(1);
    expect(await rowsOf(a, 'admin.training_mode_disabled')).toHaveLength(1);

    await expect(
      inSchool(a.id, async (tx) => {
        await writeAudit(tx, { ...base, action: 'admin.training_records_viewed' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(a, 'admin.training_records_viewed')).toEqual([]);
  });

  it('cannot write into another school’s log', async () => {
    const b = await makeSchool('audit-writer-b');
    await expect(
      inSchool(a.id, (tx) =>
        writeAudit(tx, {
          schoolId: b.id,
          actorUserId: null,
          actorLabel: 'command',
          action: 'admin.settings_changed',
          entityType: 'school',
          entityId: b.id,
        }),
      ),
    ).rejects.toThrow();
    expect(await rowsOf(b, 'admin.settings_changed')).toEqual([]);
  });
});
