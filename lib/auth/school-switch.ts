/**
 * Moving between an SSO user's schools without signing in again. The school
 * being left writes a one-time code into the target school — acting as the
 * person inside the target's own row-level security, so it can only do so if
 * they are an active member there — and sends the browser to the target, which
 * exchanges the code (once, within seconds) for its own session. Elevation is
 * carried over only within the key's lifetime.
 *
 * A code is bound to the browser that asked for it, or an attacker who belongs
 * to two schools could mint one and send someone else's browser to it, signing
 * them in as the attacker (login CSRF). The browser first visits the target's
 * /switch/start, which gives it a nonce in a host-only cookie and sends it back
 * with the nonce's hash; the code is written with that hash, and the target
 * exchanges it only alongside the cookie. (A cookie on the parent domain would
 * save the round trip, but browsers refuse Domain cookies on a single-label
 * root such as the demo's `localhost`.)
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { inOwnMemberships, inSchool } from '@/db/scoped';
import { memberships, schools, schoolSwitchCodes, sessions } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, UserCtx, RequestMeta } from '@/lib/tenancy/context';
import { safeReturnPath } from '@/lib/tenancy/return-path';
import { rootOrigin, schoolOrigin } from '@/lib/tenancy/host';
import { recordSecurityEvent } from './audit';
import { SESSION_MAX_HOURS } from './session-policy';
import { createSession } from './sessions';
import { hashToken, newToken, safeEqual } from './tokens';

export const SWITCH_CODE_SECONDS = 30;
/** The target school's host-only cookie holding this browser's switching nonce. */
export const SWITCH_NONCE_COOKIE = '__Host-haven-switch';
/** Long enough for a slow connection to make the three hops; the nonce is kept for concurrent switches in other tabs. */
export const SWITCH_NONCE_SECONDS = 10 * 60;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const BINDING_PATTERN = /^[0-9a-f]{64}$/;

/** The browser's nonce from its cookie, when it is one Haven could have made; otherwise null. */
export function wellFormedNonce(value: string | null | undefined): string | null {
  return value && NONCE_PATTERN.test(value) ? value : null;
}

/** A fresh nonce for the cookie. */
export const newSwitchNonce = (): string => newToken();

/** What travels in URLs and is stored with the code: never the nonce itself. */
export const bindingOf = (nonce: string): string => hashToken(nonce);

/** Where the browser goes first: the target's /switch/start, which sets the nonce and sends it back. */
export function switchStartUrl(target: School, back: { school: string } | 'root', path: string): string {
  const { rootDomain, protocol } = getConfig();
  const q = new URLSearchParams({ back: back === 'root' ? '' : back.school, path: samePageElsewhere(path) });
  return `${schoolOrigin(target.slug, rootDomain, protocol)}/switch/start?${q}`;
}

export interface MySchool {
  slug: string;
  name: string;
  current: boolean;
}

/** The schools where a person is an active member, by name. */
export async function activeSchoolsOf(userId: string): Promise<{ slug: string; name: string }[]> {
  return inOwnMemberships(userId, (tx) =>
    tx
      .select({ slug: schools.slug, name: schools.name })
      .from(memberships)
      .innerJoin(schools, eq(schools.id, memberships.schoolId))
      .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
      .orderBy(asc(schools.name)),
  );
}

/** The signed-in person's schools, for the switcher. */
export async function listMySchools(ctx: UserCtx): Promise<MySchool[]> {
  return (await activeSchoolsOf(ctx.user.id)).map((r) => ({ ...r, current: r.slug === ctx.school.slug }));
}

/**
 * The same kind of page in the other school: the path without record ids
 * (a pupil's page becomes the section it belongs to), never an outside URL.
 */
export function samePageElsewhere(path: string): string {
  const kept: string[] = [];
  for (const segment of safeReturnPath(path).split(/[?#]/)[0]!.split('/').filter(Boolean)) {
    if (!/^[a-z][a-z-]*$/.test(segment)) break; // ids, numbers, anything unusual end the path
    kept.push(segment);
  }
  return `/${kept.join('/')}`;
}

/**
 * Where the target's /switch/start sends the browser back to, with the nonce's
 * hash: the school being left (which issues the code) or the root domain
 * (which opens a school for a root session).
 */
export function switchIssueUrl(back: School | 'root', target: School, binding: string, path: string): string {
  const { rootDomain, protocol } = getConfig();
  if (back === 'root')
    return `${rootOrigin(rootDomain, protocol)}/sign-in/open?${new URLSearchParams({ to: target.slug, bind: binding })}`;
  const q = new URLSearchParams({ to: target.slug, bind: binding, path: samePageElsewhere(path) });
  return `${schoolOrigin(back.slug, rootDomain, protocol)}/switch/issue?${q}`;
}

/** The school the person asked to move to; not found for an unknown slug or the school they are in. */
export async function switchTarget(ctx: UserCtx, targetSlug: string): Promise<School> {
  // Only one of the person's own other schools: anything else is the same "not found", before the browser is sent anywhere.
  if (targetSlug === ctx.school.slug || !(await activeSchoolsOf(ctx.user.id)).some((s) => s.slug === targetSlug))
    throw new NotFoundError('school');
  const target = await findSchoolBySlug(targetSlug);
  if (!target) throw new NotFoundError('school');
  return target;
}

/** Issues the code in the target school, bound to the browser's nonce hash, and returns the URL the browser goes to. */
export async function issueSwitchCode(
  ctx: UserCtx,
  targetSlug: string,
  fromPath: string,
  binding: string,
  now = new Date(),
): Promise<string> {
  const target = await switchTarget(ctx, targetSlug);
  const elevation = await ctx.run(async (tx) => {
    const rows = await tx
      .select({ elevatedAt: sessions.elevatedAt, elevatedWith: sessions.elevatedWith })
      .from(sessions)
      .where(and(eq(sessions.schoolId, ctx.school.id), eq(sessions.id, ctx.user.sessionId)));
    return rows[0] ?? { elevatedAt: null, elevatedWith: null };
  });
  return issueCodeForPerson(
    ctx.user.id,
    target,
    samePageElsewhere(fromPath),
    ctx.user.elevated ? elevation : null,
    binding,
    now,
  );
}

/**
 * The code itself, written in the target school as the person (so only for an
 * active member there). Also used from the root domain, with no elevation.
 */
export async function issueCodeForPerson(
  userId: string,
  target: School,
  nextPath: string,
  elevation: { elevatedAt: Date | null; elevatedWith: 'totp' | 'webauthn' | null } | null,
  binding: string,
  now = new Date(),
): Promise<string> {
  if (!BINDING_PATTERN.test(binding)) throw new NotFoundError('school');
  const code = newToken();
  await inSchool(
    target.id,
    async (tx) => {
      const member = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(eq(memberships.schoolId, target.id), eq(memberships.userId, userId), eq(memberships.status, 'active')),
        );
      if (!member[0]) throw new NotFoundError('school');
      await tx.insert(schoolSwitchCodes).values({
        id: randomUUID(),
        schoolId: target.id,
        codeHash: hashToken(code),
        userId,
        elevatedAt: elevation?.elevatedAt ?? null,
        elevatedWith: elevation?.elevatedWith ?? null,
        nextPath,
        bindingHash: binding,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SWITCH_CODE_SECONDS * 1000),
      });
    },
    userId,
  );
  const { rootDomain, protocol } = getConfig();
  return `${schoolOrigin(target.slug, rootDomain, protocol)}/switch?code=${code}`;
}

export type SwitchExchange =
  | { ok: true; token: string; nextPath: string }
  /** `other_browser`: a live code opened without the nonce of the browser that asked for it (spent all the same). */
  | { ok: false; reason: 'invalid' | 'other_browser' };

/**
 * Exchanges a code for a session in this school. `nonce` is the browser's
 * switching cookie. The code is spent whatever the outcome, so a code that
 * reached the wrong browser cannot be tried again.
 */
export async function exchangeSwitchCode(
  school: School,
  code: string,
  nonce: string | null,
  meta: RequestMeta,
  now = new Date(),
): Promise<SwitchExchange> {
  if (!code || code.length > 200) return { ok: false, reason: 'invalid' };
  return inSchool(school.id, async (tx): Promise<SwitchExchange> => {
    const claimed = await tx
      .update(schoolSwitchCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(schoolSwitchCodes.schoolId, school.id),
          eq(schoolSwitchCodes.codeHash, hashToken(code)),
          isNull(schoolSwitchCodes.usedAt),
          gt(schoolSwitchCodes.expiresAt, now),
        ),
      )
      .returning({
        userId: schoolSwitchCodes.userId,
        elevatedAt: schoolSwitchCodes.elevatedAt,
        elevatedWith: schoolSwitchCodes.elevatedWith,
        nextPath: schoolSwitchCodes.nextPath,
        bindingHash: schoolSwitchCodes.bindingHash,
      });
    const c = claimed[0];
    if (!c) return { ok: false, reason: 'invalid' };
    const wellFormed = wellFormedNonce(nonce);
    if (!c.bindingHash || !wellFormed || !safeEqual(bindingOf(wellFormed), c.bindingHash)) {
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: c.userId,
        action: 'auth.school_switch_refused',
        meta,
        details: { reason: 'other_browser' },
        at: now,
      });
      return { ok: false, reason: 'other_browser' };
    }
    const member = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(eq(memberships.schoolId, school.id), eq(memberships.userId, c.userId), eq(memberships.status, 'active')),
      );
    if (!member[0]) return { ok: false, reason: 'invalid' };
    const keyStillValid =
      c.elevatedAt !== null && now.getTime() - c.elevatedAt.getTime() < SESSION_MAX_HOURS * 3_600_000;
    const { token } = await createSession(tx, { schoolId: school.id, userId: c.userId, meta, now });
    if (keyStillValid && c.elevatedWith) {
      await tx
        .update(sessions)
        .set({ elevatedAt: c.elevatedAt, elevatedWith: c.elevatedWith })
        .where(and(eq(sessions.schoolId, school.id), eq(sessions.tokenHash, hashToken(token))));
    }
    await recordSecurityEvent(tx, {
      schoolId: school.id,
      userId: c.userId,
      action: 'auth.signed_in',
      meta,
      details: { via: 'school-switch', elevated: keyStillValid },
      at: now,
    });
    return { ok: true, token, nextPath: safeReturnPath(c.nextPath) };
  });
}
