/**
 * The device cookie (lib/auth/device-token.ts): the signed tokens of the
 * people who have signed in on this browser. Host-only (`__Host-`: Secure,
 * Path=/, no Domain), so each school's subdomain and the root domain keep their
 * own; HttpOnly, so page scripts never see it; SameSite=Lax like the session.
 * It outlives sign-out and the session: that is its point.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { DEVICE_TOKEN_DAYS } from '@/lib/auth/device-token';

export const DEVICE_COOKIE = '__Host-haven-device';

export async function readDeviceCookie(): Promise<string | null> {
  return (await cookies()).get(DEVICE_COOKIE)?.value ?? null;
}

export async function writeDeviceCookie(value: string | null): Promise<void> {
  if (!value) return;
  (await cookies()).set(DEVICE_COOKIE, value, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    maxAge: DEVICE_TOKEN_DAYS * 86_400,
  });
}
