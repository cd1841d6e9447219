/**
 * Security keys and passkeys as a person's second factor: registering one and
 * using one to elevate the session. The cryptographic checks are in
 * ./webauthn; this module binds them to Haven's records.
 *
 * - A challenge is a row bound to the person, the purpose and the origin it
 *   was issued on, valid for five minutes. It is claimed with a compare-and-set
 *   before anything else is checked, so it works once only, even for two
 *   requests at the same moment, and a failed attempt spends it too.
 * - The origin is the request's own (the caller builds it from the Host
 *   header and the configured protocol, never from the client) and must be
 *   this school's origin.
 * - The signature counter only moves forward, with a compare-and-set, so two
 *   assertions racing cannot both pass a stale comparison.
 * - Every elevation outcome is audited; a refusal's audit entry is committed
 *   before the refusal is raised. Refusals count towards the same limits as
 *   wrong authenticator codes (second-factor-limit.ts).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Tx } from '@/db/scoped';
import { userKeys, webauthnChallenges } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import { recordOwnSecurityEvent } from './audit';
import { assertMayChangeKeys, elevateWithKey } from './keys';
import { gateSecondFactor, recordSecondFactorFailure, secondFactorWaitMessage } from './second-factor-limit';
import {
  authenticationOptions,
  isAllowedWebAuthnOrigin,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  WebAuthnVerificationError,
} from './webauthn';

/** Long enough to find the key in a bag; short enough that a leaked challenge is soon worthless. */
const CHALLENGE_MINUTES = 5;

export const NOT_YOUR_KEY =
  'That security key or passkey is not one of your keys. Use one you added under Security keys.';
export const ALREADY_REGISTERED = 'This security key or passkey is already registered.';
export const UNREADABLE_RESPONSE = 'The security key’s answer could not be read. Try again.';

// --- Input shapes -----------------------------------------------------------

const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);
// A credential id is at most 1023 bytes (WebAuthn §5.1.3), 1364 characters in base64url.
const credentialId = base64url(1364);
// Extension results are not used by the verification; dropping them keeps what we handle small.
const ignoredExtensions = z
  .record(z.string(), z.unknown())
  .optional()
  .transform(() => ({}));

export const registrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(16_384),
    authenticatorData: base64url(16_384).optional(),
    transports: z.array(z.string().max(32)).max(16).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4096).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: ignoredExtensions,
}) satisfies z.ZodType<RegistrationResponseJSON>;

export const authenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(1024),
    userHandle: base64url(256).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: ignoredExtensions,
}) satisfies z.ZodType<AuthenticationResponseJSON>;

export const webauthnKeyName = z
  .string()
  .trim()
  .min(1, 'Give this key a name, e.g. “Desk key”.')
  .max(60, 'Use at most 60 characters.');

/** A form field carrying the browser's answer as JSON: size-limited before it is parsed, then checked. */
function jsonField<T extends z.ZodType>(shape: T, maxChars: number) {
  return z
    .string()
    .max(maxChars, UNREADABLE_RESPONSE)
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: UNREADABLE_RESPONSE });
        return z.NEVER;
      }
    })
    .pipe(shape);
}

/** The forms of the server actions: starting (name only) and finishing a registration, and an elevation. */
export const startAddKeyForm = z.strictObject({ name: webauthnKeyName });
export const finishAddKeyForm = z.strictObject({
  name: webauthnKeyName,
  response: jsonField(registrationResponseSchema, 32_768),
});
export const webauthnElevationForm = z.strictObject({ response: jsonField(authenticationResponseSchema, 16_384) });

// --- Registration -----------------------------------------------------------

/** Starts adding a security key or passkey: options for the browser, and a challenge row for this person on this origin. */
export async function startWebAuthnRegistration(
  ctx: UserCtx,
  origin: string,
  now = new Date(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  assertOwnOrigin(ctx, origin);
  assertMayChangeKeys(ctx);
  return ctx.run(async (tx) => {
    const existing = await myCredentials(tx, ctx.user.id);
    const options = await registrationOptions({
      userId: ctx.user.id,
      userName: ctx.user.email,
      userDisplayName: ctx.user.displayName,
      existingCredentialIds: existing.map((k) => k.credentialId),
      origin,
    });
    await issueChallenge(tx, { userId: ctx.user.id, purpose: 'register', challenge: options.challenge, origin, now });
    return options;
  });
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: UserError };

/** Verifies the browser's answer against this person's pending challenge on this origin and stores the key. */
export async function finishWebAuthnRegistration(
  ctx: UserCtx,
  input: { name: unknown; response: unknown; origin: string },
  now = new Date(),
): Promise<{ keyId: string }> {
  const name = webauthnKeyName.parse(input.name);
  const response = registrationResponseSchema.parse(input.response);
  assertOwnOrigin(ctx, input.origin);
  assertMayChangeKeys(ctx);
  const outcome = await ctx.run(async (tx): Promise<Outcome<string>> => {
    const challenge = await claimChallenge(tx, {
      userId: ctx.user.id,
      purpose: 'register',
      origin: input.origin,
      clientDataJSON: response.response.clientDataJSON,
      now,
    });
    if (!challenge) return { ok: false, error: new WebAuthnVerificationError('wrong-challenge') };
    let credential;
    try {
      credential = await verifyRegistration({ response, expectedChallenge: challenge, origin: input.origin });
    } catch (e) {
      if (e instanceof WebAuthnVerificationError) return { ok: false, error: e };
      throw e;
    }
    const keyId = randomUUID();
    // The credential id is unique across the deployment; a clash (even with a row
    // this school cannot see) is skipped rather than aborting the transaction.
    const inserted = await tx
      .insert(userKeys)
      .values({
        id: keyId,
        userId: ctx.user.id,
        kind: 'webauthn',
        name,
        createdAt: now,
        confirmedAt: now,
        webauthnCredentialId: credential.id,
        webauthnPublicKey: Buffer.from(credential.publicKey).toString('base64url'),
        webauthnCounter: credential.counter,
        webauthnTransports: credential.transports,
      })
      .onConflictDoNothing()
      .returning({ id: userKeys.id });
    if (!inserted[0]) return { ok: false, error: new UserError(ALREADY_REGISTERED) };
    await recordOwnSecurityEvent(
      tx,
      ctx,
      'auth.key_added',
      { kind: 'webauthn', name, keyId, deviceType: credential.deviceType, backedUp: credential.backedUp },
      now,
    );
    return { ok: true, value: keyId };
  });
  // The spent challenge is committed either way: a refused answer cannot be retried.
  if (!outcome.ok) throw outcome.error;
  return { keyId: outcome.value };
}

// --- Elevation --------------------------------------------------------------

/** Starts "use your key" with a security key or passkey: options naming this person's keys, and a challenge row. */
export async function startWebAuthnElevation(
  ctx: UserCtx,
  origin: string,
  now = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (!ctx.user.mayElevate) throw new UserError('Your user group has no key access in this school.');
  assertOwnOrigin(ctx, origin);
  return ctx.run(async (tx) => {
    const keys = await myCredentials(tx, ctx.user.id);
    if (keys.length === 0) throw new UserError('You have no security key or passkey yet. Add one under Security keys.');
    const wait = await secondFactorWaitMessage(tx, ctx.user.id, now);
    if (wait) throw new UserError(wait);
    const options = await authenticationOptions({ allowCredentialIds: keys.map((k) => k.credentialId), origin });
    await issueChallenge(tx, {
      userId: ctx.user.id,
      purpose: 'authenticate',
      challenge: options.challenge,
      origin,
      now,
    });
    return options;
  });
}

/**
 * "Use your key" with a security key or passkey. Returns the session's new
 * token (elevation rotates it). The outcome, success or refusal, is committed
 * with its audit entry before any refusal is raised.
 */
export async function elevateWithWebAuthn(
  ctx: UserCtx,
  input: { response: unknown; origin: string },
  now = new Date(),
): Promise<string> {
  const response = authenticationResponseSchema.parse(input.response);
  if (!ctx.user.mayElevate) throw new UserError('Your user group has no key access in this school.');
  const { origin } = input;

  const outcome = await ctx.run(async (tx): Promise<Outcome<string>> => {
    const refuse = async (
      reason: string,
      error: UserError,
      details: Record<string, unknown> = {},
    ): Promise<Outcome<string>> => {
      await recordOwnSecurityEvent(tx, ctx, 'auth.elevation_failed', { with: 'webauthn', reason, ...details }, now);
      return { ok: false, error: (await recordSecondFactorFailure(tx, ctx, 'webauthn', now)) ?? error };
    };

    const wait = await gateSecondFactor(tx, ctx, 'webauthn', now);
    if (wait) return { ok: false, error: wait };

    if (!isOwnOrigin(ctx, origin)) {
      return refuse('origin-not-allowed', new WebAuthnVerificationError('origin-not-allowed'), {
        origin: origin.slice(0, 200),
      });
    }
    const challenge = await claimChallenge(tx, {
      userId: ctx.user.id,
      purpose: 'authenticate',
      origin,
      clientDataJSON: response.response.clientDataJSON,
      now,
    });
    if (!challenge) return refuse('wrong-challenge', new WebAuthnVerificationError('wrong-challenge'));

    // Only this person's own keys: another member's keys are visible in this school.
    const key = (
      await tx
        .select({
          id: userKeys.id,
          publicKey: userKeys.webauthnPublicKey,
          counter: userKeys.webauthnCounter,
          transports: userKeys.webauthnTransports,
        })
        .from(userKeys)
        .where(
          and(
            eq(userKeys.userId, ctx.user.id),
            eq(userKeys.kind, 'webauthn'),
            eq(userKeys.webauthnCredentialId, response.id),
            isNull(userKeys.removedAt),
            isNotNull(userKeys.confirmedAt),
          ),
        )
        .limit(1)
    )[0];
    if (!key?.publicKey) return refuse('unknown-credential', new UserError(NOT_YOUR_KEY));

    const storedCounter = key.counter ?? 0;
    let verified;
    try {
      verified = await verifyAuthentication({
        response,
        expectedChallenge: challenge,
        origin,
        credential: {
          id: response.id,
          publicKey: Buffer.from(key.publicKey, 'base64url'),
          counter: storedCounter,
          transports: key.transports ?? undefined,
        },
      });
    } catch (e) {
      if (e instanceof WebAuthnVerificationError) return refuse(e.reason, e, { keyId: key.id });
      throw e;
    }

    // Compare-and-set: the stored counter moves only forward (a key that keeps
    // no counter reports 0 every time and stays at 0).
    const { newCounter } = verified;
    const counterMayMove =
      newCounter > 0
        ? sql`coalesce(${userKeys.webauthnCounter}, 0) < ${newCounter}`
        : sql`coalesce(${userKeys.webauthnCounter}, 0) = 0`;
    const moved = await tx
      .update(userKeys)
      .set({ webauthnCounter: newCounter, lastUsedAt: now })
      .where(and(eq(userKeys.id, key.id), eq(userKeys.userId, ctx.user.id), counterMayMove))
      .returning({ id: userKeys.id });
    if (!moved[0])
      return refuse('counter-not-increased', new WebAuthnVerificationError('counter-not-increased'), { keyId: key.id });

    const details = { with: 'webauthn' as const, keyId: key.id, userVerified: verified.userVerified };
    return { ok: true, value: await elevateWithKey(tx, ctx, details, now) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

// --- Helpers ----------------------------------------------------------------

/** Exactly this school's origin, and one WebAuthn accepts: a ceremony never runs for another school's page. */
function isOwnOrigin(ctx: UserCtx, origin: string): boolean {
  const { rootDomain, protocol } = getConfig();
  return origin === schoolOrigin(ctx.school.slug, rootDomain, protocol) && isAllowedWebAuthnOrigin(origin);
}

function assertOwnOrigin(ctx: UserCtx, origin: string): void {
  if (!isOwnOrigin(ctx, origin)) throw new WebAuthnVerificationError('origin-not-allowed');
}

async function myCredentials(tx: Tx, userId: string): Promise<{ credentialId: string }[]> {
  const rows = await tx
    .select({ credentialId: userKeys.webauthnCredentialId })
    .from(userKeys)
    .where(
      and(
        eq(userKeys.userId, userId),
        eq(userKeys.kind, 'webauthn'),
        isNull(userKeys.removedAt),
        isNotNull(userKeys.confirmedAt),
        isNotNull(userKeys.webauthnCredentialId),
      ),
    );
  return rows.flatMap((r) => (r.credentialId ? [{ credentialId: r.credentialId }] : []));
}

async function issueChallenge(
  tx: Tx,
  c: { userId: string; purpose: 'register' | 'authenticate'; challenge: string; origin: string; now: Date },
): Promise<void> {
  await tx.insert(webauthnChallenges).values({
    id: randomUUID(),
    challenge: c.challenge,
    purpose: c.purpose,
    userId: c.userId,
    origin: c.origin,
    createdAt: c.now,
    expiresAt: new Date(c.now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
}

/**
 * Marks the challenge the browser signed as used, if it is this person's, for
 * this purpose and origin, unused and unexpired; returns it, or null. The
 * update is the compare-and-set: of two requests with one challenge, the
 * second finds `used_at` already set and gets nothing.
 */
async function claimChallenge(
  tx: Tx,
  c: { userId: string; purpose: 'register' | 'authenticate'; origin: string; clientDataJSON: string; now: Date },
): Promise<string | null> {
  const challenge = signedChallenge(c.clientDataJSON);
  if (!challenge) return null;
  const rows = await tx
    .update(webauthnChallenges)
    .set({ usedAt: c.now })
    .where(
      and(
        eq(webauthnChallenges.userId, c.userId),
        eq(webauthnChallenges.purpose, c.purpose),
        eq(webauthnChallenges.origin, c.origin),
        eq(webauthnChallenges.challenge, challenge),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, c.now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return rows[0]?.challenge ?? null;
}

/** The challenge named in the client data, which the authenticator's signature covers; null if unreadable. */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>).challenge : undefined;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 512 ? challenge : null;
  } catch {
    return null;
  }
}
