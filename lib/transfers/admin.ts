/**
 * Who manages transfers: administrators using their key (lib/access's
 * 'admin.use'). Every step, the preferences and the authorise page ask this.
 */
import 'server-only';
import { decide, sessionSubject } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';

export const ELEVATE_FOR_TRANSFERS = 'Use your key to manage transfers.';

/** Throws unless the person may manage transfers (administration, with the key) here. */
export function requireTransferAdmin(ctx: UserCtx): void {
  const d = decide(sessionSubject(ctx), 'admin.use');
  if (d.allowed) return;
  throw new NotAllowedError(d.reason === 'needs_elevation' ? ELEVATE_FOR_TRANSFERS : undefined);
}
