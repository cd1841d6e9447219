/**
 * Sign-in with the school's Microsoft or Google account: the decision taken
 * once the identity provider has vouched for an address. The OpenID Connect
 * exchange itself happens before this; what arrives here is the provider's
 * name and the ID token's email and email_verified claims.
 *
 * A session is created exactly as a password sign-in creates one (same
 * session, same audit row, key holders still asked for their key) only when
 * all of these hold: the school is available; the deployment has the provider;
 * the school's admin has allowed it (Admin → School settings); the address is
 * at one of the school's sign-in domains; the provider says the address is
 * verified; and it belongs to an active member of THIS school. Anything else
 * gets the same neutral refusal as a wrong password, with the reason only in
 * the school's audit log.
 *
 * Verification: Google's ID token carries `email_verified`, which must be true.
 * Microsoft Entra ID's carries no such claim (its `email` is whatever the
 * tenant's directory holds), so an Entra address is trusted only for domains
 * the school lists, which must be domains the school's own tenant has verified;
 * an explicit `email_verified: false` is refused from either provider.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inSchool, type Tx } from '@/db/scoped';
import { memberships, schools, userGroups, users } from '@/db/schema';
import { getConfig, type Config } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import type { RequestMeta } from '@/lib/tenancy/context';
import { recordSecurityEvent } from './audit';
import { issueCodeForPerson } from './school-switch';
import { createSession } from './sessions';
import { offersKey, SIGN_IN_REFUSED } from './sign-in';

export const SSO_PROVIDERS = ['microsoft', 'google'] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];
export const SSO_PROVIDER_LABELS: Record<SsoProvider, string> = { microsoft: 'Microsoft', google: 'Google' };

/** What the identity provider said, from its ID token. */
export const ssoIdentity = z.object({
  provider: z.enum(SSO_PROVIDERS),
  email: z.string().trim().toLowerCase().max(320),
  /** The ID token's `email_verified` claim; absent from Microsoft Entra ID's tokens. */
  emailVerified: z.boolean().optional(),
});
export type SsoIdentity = z.input<typeof ssoIdentity>;

export type SsoSignInResult =
  { ok: true; token: string; userId: string; offerKey: boolean } | { ok: false; message: string };

type SsoRefusal =
  | 'school_unavailable'
  | 'provider_not_configured'
  | 'provider_not_allowed'
  | 'domain_not_allowed'
  | 'unverified_email'
  | 'unknown_email'
  | 'deactivated';

const settingOf: Record<SsoProvider, 'ssoMicrosoft' | 'ssoGoogle'> = { microsoft: 'ssoMicrosoft', google: 'ssoGoogle' };

/** The address's domain, lower case; null for anything that is not one address. */
export function emailDomain(email: string): string | null {
  const m = /^[^\s@]+@([a-z0-9.-]+)$/.exec(email.trim().toLowerCase());
  return m ? m[1]! : null;
}

/** The providers this deployment has client credentials for (Admin → School settings offers only these). */
export function configuredSsoProviders(deployment: Config['sso'] = getConfig().sso): SsoProvider[] {
  return SSO_PROVIDERS.filter((p) => deployment[p] !== null);
}

/** The providers a school's sign-in page offers: configured for the deployment and allowed by the school. */
export function ssoProvidersFor(settings: unknown, deployment: Config['sso'] = getConfig().sso): SsoProvider[] {
  const s = readSchoolSettings(settings);
  if (s.ssoDomains.length === 0) return [];
  return SSO_PROVIDERS.filter((p) => deployment[p] !== null && s[settingOf[p]]);
}

/** The decision, inside the school's transaction: the member to sign in, or null after logging the refusal. */
async function decide(
  tx: Tx,
  school: { id: string },
  identity: z.output<typeof ssoIdentity>,
  meta: RequestMeta,
  now: Date,
  deployment: Config['sso'],
): Promise<{ id: string; permissions: unknown } | null> {
  const domain = emailDomain(identity.email);
  const [state] = await tx
    .select({ disabledAt: schools.disabledAt, settings: schools.settings })
    .from(schools)
    .where(eq(schools.id, school.id));
  // Visible only with a membership of this school (row-level security on users).
  const [user] = domain
    ? await tx
        .select({ id: users.id, status: memberships.status, permissions: userGroups.permissions })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
        .where(and(sql`lower(${users.email}) = ${identity.email}`, eq(memberships.schoolId, school.id)))
        .limit(1)
    : [];
  const settings = readSchoolSettings(state?.settings);
  const refusal: SsoRefusal | null =
    !state || state.disabledAt
      ? 'school_unavailable'
      : deployment[identity.provider] === null
        ? 'provider_not_configured'
        : !settings[settingOf[identity.provider]]
          ? 'provider_not_allowed'
          : !domain || !settings.ssoDomains.includes(domain)
            ? 'domain_not_allowed'
            : identity.emailVerified === false || (identity.provider === 'google' && identity.emailVerified !== true)
              ? 'unverified_email'
              : !user
                ? 'unknown_email'
                : user.status !== 'active'
                  ? 'deactivated'
                  : null;
  if (refusal === null && user) return user;
  await recordSecurityEvent(tx, {
    schoolId: school.id,
    userId: user?.id ?? null,
    action: 'auth.sign_in_failed',
    meta,
    details: { method: identity.provider, reason: refusal ?? 'unknown_email' },
    at: now,
  });
  return null;
}

/** Signs the person in to this school (its own session) when the decision allows it. */
export async function signInWithSso(
  school: { id: string },
  input: SsoIdentity,
  meta: RequestMeta,
  now = new Date(),
  deployment: Config['sso'] = getConfig().sso,
): Promise<SsoSignInResult> {
  const identity = ssoIdentity.parse(input);
  return inSchool(school.id, async (tx) => {
    const user = await decide(tx, school, identity, meta, now, deployment);
    if (!user) return { ok: false, message: SIGN_IN_REFUSED };
    const { token } = await createSession(tx, { schoolId: school.id, userId: user.id, meta, now });
    await recordSecurityEvent(tx, {
      schoolId: school.id,
      userId: user.id,
      action: 'auth.signed_in',
      meta,
      details: { method: identity.provider },
      at: now,
    });
    return { ok: true, token, userId: user.id, offerKey: await offersKey(tx, user.id, user.permissions) };
  });
}

/**
 * From the root domain's callback to the school: when the decision allows it,
 * a one-time code in the school bound to the nonce of the browser that started
 * at the school (school-switch.ts), which the school's /switch exchanges for
 * its own session; key holders go on to the key step. Null: the neutral refusal.
 */
export async function handOverSso(
  schoolSlug: string,
  input: SsoIdentity,
  binding: string,
  meta: RequestMeta,
  now = new Date(),
  deployment: Config['sso'] = getConfig().sso,
): Promise<string | null> {
  const identity = ssoIdentity.parse(input);
  const school = await findSchoolBySlug(schoolSlug);
  if (!school) return null;
  const decided = await inSchool(school.id, async (tx) => {
    const user = await decide(tx, school, identity, meta, now, deployment);
    if (!user) return null;
    await recordSecurityEvent(tx, {
      schoolId: school.id,
      userId: user.id,
      action: 'auth.sso_accepted',
      meta,
      details: { method: identity.provider },
      at: now,
    });
    return { id: user.id, offerKey: await offersKey(tx, user.id, user.permissions) };
  });
  if (!decided) return null;
  return issueCodeForPerson(decided.id, school, decided.offerKey ? '/elevate' : '/', null, binding, now);
}
