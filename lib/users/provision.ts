/**
 * Creating people with their memberships from the command line and the demo
 * seed (the admin screens use the same rules when they land). Platform-level:
 * one person may join several schools, so it runs on the privileged path.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { memberships, schools, userGroups, userKeys, users } from '@/db/schema';
import { totpSecretContext } from '@/lib/auth/keys';
import { hashPassword } from '@/lib/auth/password';
import { encryptString, getKeyProvider } from '@/lib/crypto';

export interface ProvisionUser {
  email: string;
  displayName: string;
  password?: string;
  /** school slug → user group name */
  memberships: Record<string, string>;
  misStaffId?: Record<string, string>;
  totpSecret?: string;
}

/** Creates the person if missing and any missing memberships; returns the user id. Idempotent. */
export async function provisionUser(input: ProvisionUser): Promise<string> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const email = input.email.trim().toLowerCase();
  const userId = await privileged('school-setup', `provision ${email}`, async (tx) => {
    const existing = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    const id = existing[0]?.id ?? randomUUID();
    if (!existing[0]) {
      await tx.insert(users).values({
        id,
        email,
        displayName: input.displayName,
        passwordHash,
        passwordChangedAt: passwordHash ? new Date() : null,
      });
    }
    for (const [slug, groupName] of Object.entries(input.memberships)) {
      const school = (await tx.select({ id: schools.id }).from(schools).where(eq(schools.slug, slug)).limit(1))[0];
      if (!school) throw new Error(`No school "${slug}"`);
      const group = (
        await tx
          .select({ id: userGroups.id })
          .from(userGroups)
          .where(and(eq(userGroups.schoolId, school.id), eq(userGroups.name, groupName)))
          .limit(1)
      )[0];
      if (!group) throw new Error(`No user group "${groupName}" in ${slug}`);
      await tx
        .insert(memberships)
        .values({
          id: randomUUID(),
          schoolId: school.id,
          userId: id,
          userGroupId: group.id,
          misStaffId: input.misStaffId?.[slug] ?? null,
        })
        .onConflictDoNothing();
    }
    return id;
  });
  if (input.totpSecret) {
    const keyId = randomUUID();
    const encrypted = await encryptString(getKeyProvider(), input.totpSecret, totpSecretContext(userId, keyId));
    await privileged('school-setup', `provision key for ${email}`, async (tx) => {
      const has = await tx
        .select({ id: userKeys.id })
        .from(userKeys)
        .where(and(eq(userKeys.userId, userId), eq(userKeys.kind, 'totp')))
        .limit(1);
      if (!has[0]) {
        await tx.insert(userKeys).values({
          id: keyId,
          userId,
          kind: 'totp',
          name: 'Demo authenticator',
          totpSecretEncrypted: encrypted,
          confirmedAt: new Date(),
        });
      }
    });
  }
  return userId;
}
