/**
 * The origin this request was sent to, as a browser serialises it: the
 * configured protocol and the Host header the server received (never
 * x-forwarded-host, and never anything the client put in a form). WebAuthn
 * ceremonies are bound to it.
 */
import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@/lib/config';

export async function requestOrigin(): Promise<string> {
  const host = (await headers()).get('host')?.trim().toLowerCase() ?? '';
  return `${getConfig().protocol}://${host}`;
}
