/**
 * Signing in on the root domain, for people who work in several schools: the
 * password is checked with the same throttle (device tokens included, in this
 * host's own cookie) and the same neutral answer as on a school's page; the
 * root session it creates only lists the person's schools and sends them on
 * with a one-time code (school-switch.ts). It opens no school's records, and
 * a school still asks for the key.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { inNoSchool, inOwnMemberships, inSignInLookup } from '@/db/scoped';
import { rootSessions, users } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { deviceTokenKey } from './device-key';
import { deviceCookieFor, knownDevice } from './device-token';
import { verifyPassword } from './password';
import { activeSchoolsOf, issueCodeForPerson, switchStartUrl } from './school-switch';
import { signInInput } from './schema';
import { sessionExpiry } from './session-policy';
import { SIGN_IN_REFUSED } from './sign-in';
import { checkThrottle, recordFailure } from './throttle';
import { throttleMessage } from './throttle-policy';
import { hashToken, newToken } from './tokens';
import type { RequestMeta } from '@/lib/tenancy/context';

export const ROOT_SESSION_COOKIE = '__Host-haven-root';

export interface RootPerson {
  userId: string;
  displayName: string;
  schools: { slug: string; name: string }[];
}

export async function signInAtRoot(
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
  browser: { deviceCookie?: string | null } = {},
): Promise<{ ok: true; token: string; deviceCookie: string | null } | { ok: false; message: string }> {
  const { email, password } = signInInput.parse(input);
  const deviceKey = await deviceTokenKey();
  const found = await inSignInLookup(email, (tx) =>
    tx
      .select({ id: users.id, passwordHash: users.passwordHash, passwordChangedAt: users.passwordChangedAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1),
  );
  const person = found[0];
  const device = knownDevice(deviceKey, browser.deviceCookie, person, now);
  const source = { email, ip: meta.ip, deviceNonce: device?.nonce ?? null };

  // The check, the password and a wrong password's failure in one transaction
  // holding the throttle's lock, so parallel guesses are judged one by one.
  const checked = await inNoSchool(
    async (tx): Promise<{ throttled: string } | { throttled: null; passwordOk: boolean }> => {
      const throttle = await checkThrottle(tx, source, now);
      if (!throttle.allowed) return { throttled: throttleMessage(throttle.retryAfterSeconds) };
      // With no such person, or no password yet, this spends the same time on a dummy hash.
      const passwordOk = await verifyPassword(person?.passwordHash ?? null, password);
      if (!person || !passwordOk) await recordFailure(tx, source, now);
      return { throttled: null, passwordOk };
    },
  );
  if (checked.throttled !== null) return { ok: false, message: checked.throttled };
  const schoolsOf = person && checked.passwordOk ? await activeSchoolsOf(person.id) : [];
  if (!person || !checked.passwordOk) return { ok: false, message: SIGN_IN_REFUSED };
  if (schoolsOf.length === 0) {
    await inNoSchool((tx) => recordFailure(tx, source, now));
    return { ok: false, message: SIGN_IN_REFUSED };
  }
  const token = newToken();
  const userId = person.id;
  await inNoSchool((tx) =>
    tx.insert(rootSessions).values({
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: sessionExpiry(now),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    }),
  );
  const deviceCookie = deviceCookieFor(
    deviceKey,
    browser.deviceCookie,
    { userId: person.id, passwordChangedAt: person.passwordChangedAt },
    now,
  );
  return { ok: true, token, deviceCookie };
}

/** The person behind a root session, with their active schools; null when it is not valid. */
export async function resolveRootSession(token: string, now = new Date()): Promise<RootPerson | null> {
  if (!token || token.length > 200) return null;
  const rows = await inNoSchool((tx) =>
    tx
      .select({ userId: rootSessions.userId })
      .from(rootSessions)
      .where(
        and(
          eq(rootSessions.tokenHash, hashToken(token)),
          isNull(rootSessions.revokedAt),
          gt(rootSessions.expiresAt, now),
        ),
      )
      .limit(1),
  );
  const userId = rows[0]?.userId;
  if (!userId) return null;
  const schoolList = await activeSchoolsOf(userId);
  if (schoolList.length === 0) return null;
  const name = await inOwnMemberships(userId, (tx) =>
    tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId)),
  );
  return { userId, displayName: name[0]?.displayName ?? '', schools: schoolList };
}

/** The school a root session may open; not found for any other. */
async function openableSchool(token: string, slug: string, now: Date) {
  const person = await resolveRootSession(token, now);
  if (!person || !person.schools.some((s) => s.slug === slug)) throw new NotFoundError('school');
  const target = await findSchoolBySlug(slug);
  if (!target) throw new NotFoundError('school');
  return { person, target };
}

/** Choosing a school: first to its /switch/start, which binds the code to this browser (school-switch.ts). */
export async function startOpeningSchool(token: string, slug: string, now = new Date()): Promise<string> {
  const { target } = await openableSchool(token, slug, now);
  return switchStartUrl(target, 'root', '/');
}

/** Opens one of the person's schools: the URL with a one-time code for it, bound to the browser's nonce hash. */
export async function openSchoolFromRoot(
  token: string,
  slug: string,
  binding: string,
  now = new Date(),
): Promise<string> {
  const { person, target } = await openableSchool(token, slug, now);
  return issueCodeForPerson(person.userId, target, '/', null, binding, now);
}

export async function signOutAtRoot(token: string, now = new Date()): Promise<void> {
  await inNoSchool((tx) =>
    tx
      .update(rootSessions)
      .set({ revokedAt: now })
      .where(and(eq(rootSessions.tokenHash, hashToken(token)), isNull(rootSessions.revokedAt))),
  );
}
