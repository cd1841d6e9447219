/** Schools and signed-in people for integration tests, built through the real services. */
import { inSchool } from '@/db/scoped';
import { createSession, resolveSession } from '@/lib/auth/sessions';
import type { SignedInUser, School, UserCtx } from '@/lib/tenancy/context';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { createSchool } from '@/lib/schools/service';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { provisionUser, type ProvisionUser } from '@/lib/users/provision';

export const TEST_PASSWORD = 'quiet meadow lantern orbit';

export async function makeSchool(slug: string, name = `School ${slug}`): Promise<School> {
  await createSchool({ slug, name });
  return (await findSchoolBySlug(slug))!;
}

export async function makeUser(input: Omit<ProvisionUser, 'password'> & { password?: string }): Promise<string> {
  return provisionUser({ password: TEST_PASSWORD, ...input });
}

/** Signs a person in to a school (a session row) and returns their token and request context. */
export async function signedIn(
  school: School,
  userId: string,
  opts: { elevated?: boolean; now?: Date } = {},
): Promise<{ token: string; ctx: UserCtx; user: SignedInUser }> {
  const now = opts.now ?? new Date();
  const { token } = await inSchool(school.id, (tx) =>
    createSession(tx, {
      schoolId: school.id,
      userId,
      meta: { ip: '203.0.113.7', userAgent: 'vitest' },
      now,
      elevatedWith: opts.elevated ? 'totp' : undefined,
    }),
  );
  const user = await resolveSession(school.id, token, now);
  if (!user) throw new Error('session did not resolve');
  return { token, user, ctx: makeCtx(school, user, { ip: '203.0.113.7', userAgent: 'vitest' }) as UserCtx };
}
