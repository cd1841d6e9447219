/**
 * A person's second factors: setting up an authenticator app, listing and
 * removing keys, and using one to elevate the session ("use your key").
 * TOTP secrets are envelope-encrypted at rest; a code is accepted once only:
 * the step it matched is stored with a compare-and-set, so two requests with
 * the same code at the same moment cannot both pass.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, desc } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { userKeys } from '@/db/schema';
import { decryptString, encryptString, getKeyProvider } from '@/lib/crypto';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { UserCtx, SignedInUser } from '@/lib/tenancy/context';
import { recordOwnSecurityEvent } from './audit';
import { addTotpInput, totpCodeInput } from './schema';
import { gateSecondFactor, recordSecondFactorFailure } from './second-factor-limit';
import { elevateSession } from './sessions';
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from './totp';

export interface KeySummary {
  id: string;
  kind: 'totp' | 'webauthn';
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export const totpSecretContext = (userId: string, keyId: string) => ({ purpose: 'totp-secret', userId, keyId });

/** A person's keys in use (confirmed, not removed), newest first. */
export function keysOf(tx: Tx, userId: string): Promise<KeySummary[]> {
  return tx
    .select({
      id: userKeys.id,
      kind: userKeys.kind,
      name: userKeys.name,
      createdAt: userKeys.createdAt,
      lastUsedAt: userKeys.lastUsedAt,
    })
    .from(userKeys)
    .where(and(eq(userKeys.userId, userId), isNull(userKeys.removedAt), isNotNull(userKeys.confirmedAt)))
    .orderBy(desc(userKeys.createdAt));
}

export async function listMyKeys(ctx: UserCtx): Promise<KeySummary[]> {
  return ctx.run((tx) => keysOf(tx, ctx.user.id));
}

/** Starts adding an authenticator app: a new secret, shown as a QR code and as text until confirmed. */
export async function startTotpSetup(ctx: UserCtx): Promise<{ setupId: string; secret: string; qrSvg: string }> {
  assertMayChangeKeys(ctx);
  const setupId = randomUUID();
  const secret = newTotpSecret();
  const encrypted = await encryptString(getKeyProvider(), secret, totpSecretContext(ctx.user.id, setupId));
  await ctx.run(async (tx) => {
    // Any earlier unfinished set-up is abandoned.
    await tx
      .update(userKeys)
      .set({ removedAt: new Date() })
      .where(and(eq(userKeys.userId, ctx.user.id), isNull(userKeys.confirmedAt), isNull(userKeys.removedAt)));
    await tx.insert(userKeys).values({
      id: setupId,
      userId: ctx.user.id,
      kind: 'totp',
      name: 'Authenticator app',
      totpSecretEncrypted: encrypted,
    });
  });
  return { setupId, secret, qrSvg: await totpQrSvg(appUri(ctx, secret)) };
}

/** What the authenticator app is given: the secret, named for this person and school. */
const appUri = (ctx: UserCtx, secret: string) =>
  totpUri({ secret, accountName: ctx.user.email, issuer: `Haven (${ctx.school.name})` });

/**
 * A person who already holds a key changes their keys (adds or removes one)
 * only with a key in use: otherwise a stolen password alone would be enough to
 * remove the owner's keys, add the thief's own and elevate with it. (A first
 * key needs the password only: there is nothing else to ask for; an
 * administrator can remove a lost key.)
 */
export function mustUseKeyToChangeKeys(user: SignedInUser): boolean {
  return user.keyCount > 0 && user.mayElevate && !user.elevated;
}

export function assertMayChangeKeys(ctx: UserCtx): void {
  if (mustUseKeyToChangeKeys(ctx.user)) {
    throw new NotAllowedError('To change your keys, first use a key you already have: choose “Elevate your access”.');
  }
}

/** Setting up an app may take a few minutes; after this the pending secret is no longer shown. */
const SETUP_MINUTES = 15;

/** The pending set-up's secret and QR code, shown again while the person finishes it. */
export async function getPendingTotpSetup(
  ctx: UserCtx,
  setupId: string,
  now = new Date(),
): Promise<{ secret: string; qrSvg: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(setupId)) return null;
  const encrypted = await ctx.run((tx) => pendingSetupSecret(tx, ctx, setupId, now));
  if (!encrypted) return null;
  const secret = await decryptString(getKeyProvider(), encrypted, totpSecretContext(ctx.user.id, setupId));
  return { secret, qrSvg: await totpQrSvg(appUri(ctx, secret)) };
}

/** The encrypted secret of this person's unfinished set-up, or null when there is none or it has expired. */
async function pendingSetupSecret(tx: Tx, ctx: UserCtx, setupId: string, now: Date): Promise<string | null> {
  const rows = await tx
    .select({ encrypted: userKeys.totpSecretEncrypted, createdAt: userKeys.createdAt })
    .from(userKeys)
    .where(
      and(
        eq(userKeys.id, setupId),
        eq(userKeys.userId, ctx.user.id),
        isNull(userKeys.confirmedAt),
        isNull(userKeys.removedAt),
      ),
    );
  const row = rows[0];
  if (!row?.encrypted || now.getTime() - row.createdAt.getTime() > SETUP_MINUTES * 60_000) return null;
  return row.encrypted;
}

export async function confirmTotpSetup(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const { setupId, name, code } = addTotpInput.parse(input);
  assertMayChangeKeys(ctx);
  await ctx.run(async (tx) => {
    const encrypted = await pendingSetupSecret(tx, ctx, setupId, now);
    if (!encrypted) {
      throw new UserError('This set-up has expired. Start again with “Add new device”.');
    }
    const secret = await decryptString(getKeyProvider(), encrypted, totpSecretContext(ctx.user.id, setupId));
    const result = verifyTotp(secret, code, now);
    if (!result.valid) {
      throw new UserError('That code is not right.', {
        code: ['That code is not right. Enter the 6-digit code your app shows now.'],
      });
    }
    await tx
      .update(userKeys)
      .set({ confirmedAt: now, name, totpLastStep: result.step, lastUsedAt: now })
      .where(and(eq(userKeys.id, setupId), eq(userKeys.userId, ctx.user.id)));
    await recordOwnSecurityEvent(tx, ctx, 'auth.key_added', { kind: 'totp', name }, now);
  });
}

export async function removeMyKey(ctx: UserCtx, keyId: string, now = new Date()): Promise<void> {
  assertMayChangeKeys(ctx);
  await ctx.run(async (tx) => {
    const rows = await tx
      .update(userKeys)
      .set({ removedAt: now })
      .where(and(eq(userKeys.id, keyId), eq(userKeys.userId, ctx.user.id), isNull(userKeys.removedAt)))
      .returning({ name: userKeys.name, kind: userKeys.kind });
    if (!rows[0]) throw new NotFoundError('key');
    await recordOwnSecurityEvent(tx, ctx, 'auth.key_removed', { kind: rows[0].kind, name: rows[0].name }, now);
  });
}

/** A key was used: the session is elevated (with a new token, returned) and the elevation audited. */
export async function elevateWithKey(
  tx: Tx,
  ctx: UserCtx,
  details: { with: 'totp' | 'webauthn'; keyId: string; userVerified?: boolean },
  now: Date,
): Promise<string> {
  const token = await elevateSession(tx, {
    schoolId: ctx.school.id,
    sessionId: ctx.user.sessionId,
    with: details.with,
    now,
  });
  await recordOwnSecurityEvent(tx, ctx, 'auth.elevated', details, now);
  return token;
}

type ElevationOutcome = { ok: true; token: string } | { ok: false; error: UserError };

const CODE_REFUSED = () =>
  new UserError('That code is not right.', {
    code: ['That code is not right. Enter the 6-digit code your app shows now.'],
  });
const CODE_REPLAYED = () =>
  new UserError('That code has already been used. Wait for the next code and try again.', {
    code: ['That code has already been used.'],
  });

/**
 * "Use your key" with an authenticator code. Returns the session's new token
 * (elevation rotates it). Refuses a code used before, and any code while the
 * person must wait after refusals (second-factor-limit.ts), which may end the
 * session. The outcome, success or not, is committed (with its audit entry)
 * before any refusal is raised.
 */
export async function elevateWithTotp(ctx: UserCtx, input: unknown, now = new Date()): Promise<string> {
  const { code } = totpCodeInput.parse(input);
  if (!ctx.user.mayElevate) throw new UserError('Your user group has no key access in this school.');
  const outcome = await ctx.run(async (tx): Promise<ElevationOutcome> => {
    const wait = await gateSecondFactor(tx, ctx, 'totp', now);
    if (wait) return { ok: false, error: wait };
    const keys = await tx
      .select({ id: userKeys.id, encrypted: userKeys.totpSecretEncrypted })
      .from(userKeys)
      .where(
        and(
          eq(userKeys.userId, ctx.user.id),
          eq(userKeys.kind, 'totp'),
          isNull(userKeys.removedAt),
          isNotNull(userKeys.confirmedAt),
        ),
      );
    for (const key of keys) {
      if (!key.encrypted) continue;
      const secret = await decryptString(getKeyProvider(), key.encrypted, totpSecretContext(ctx.user.id, key.id));
      const result = verifyTotp(secret, code, now);
      if (!result.valid) continue;
      // Compare-and-set: only a step later than the last one used moves it on.
      const claimed = await tx
        .update(userKeys)
        .set({ totpLastStep: result.step, lastUsedAt: now })
        .where(and(eq(userKeys.id, key.id), or(isNull(userKeys.totpLastStep), lt(userKeys.totpLastStep, result.step))))
        .returning({ id: userKeys.id });
      if (!claimed[0]) {
        await recordOwnSecurityEvent(tx, ctx, 'auth.totp_replay_refused', { keyId: key.id }, now);
        return { ok: false, error: (await recordSecondFactorFailure(tx, ctx, 'totp', now)) ?? CODE_REPLAYED() };
      }
      return { ok: true, token: await elevateWithKey(tx, ctx, { with: 'totp', keyId: key.id }, now) };
    }
    await recordOwnSecurityEvent(tx, ctx, 'auth.elevation_failed', { with: 'totp' }, now);
    return { ok: false, error: (await recordSecondFactorFailure(tx, ctx, 'totp', now)) ?? CODE_REFUSED() };
  });
  if (outcome.ok) return outcome.token;
  throw outcome.error;
}
