/**
 * The keyed hash of a UPN that transfers match pupils on across schools
 * (HMAC-SHA256 under the deployment's UPN_MATCH_SECRET, lib/config). Stored in
 * students.upn_hash and indexed, so the cross-school matching index holds no
 * readable UPN, and without the secret a hash cannot be tested against guessed
 * UPNs. Only a check-letter-valid UPN is ever hashed.
 */
import 'server-only';
import { createHmac } from 'node:crypto';
import { getConfig } from '@/lib/config';
import { isValidUpn } from './upn';

/** The hash of a valid UPN; null for no UPN or one that is not check-letter valid. */
export function upnHash(upn: string | null, secret: string = getConfig().upnMatchSecret): string | null {
  if (upn === null || !isValidUpn(upn)) return null;
  return createHmac('sha256', secret).update(`upn:${upn}`).digest('base64url');
}
