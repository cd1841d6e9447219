/**
 * The session cookie: host-only (`__Host-` prefix: Secure, Path=/, no Domain),
 * HttpOnly, SameSite=Lax. Browsers treat http://*.localhost as a secure
 * context, so the same cookie works for the local demo.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';

export async function readSessionToken(): Promise<string | null> {
  return (await cookies()).get(SESSION_COOKIE)?.value ?? null;
}

export async function writeSessionToken(token: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}

export async function clearSessionToken(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, '', { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 0 });
}
