/**
 * The session cookie: host-only (`__Host-` prefix: Secure, Path=/, no Domain),
 * HttpOnly, SameSite=Lax. Browsers treat http://*.localhost as a secure
 * context, so the same cookie works for the local demo.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { ROOT_SESSION_COOKIE } from '@/lib/auth/root-sign-in';
import { SWITCH_NONCE_SECONDS } from '@/lib/auth/school-switch';
import { SSO_FLOW_SECONDS } from '@/lib/auth/sso-flow';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { CONSOLE_SESSION_COOKIE } from '@/lib/platform/console-auth';

const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

/** The school-switching nonce (lib/auth/school-switch.ts): host-only like the session, short-lived. */
export const SWITCH_NONCE_COOKIE_OPTIONS = { ...OPTIONS, maxAge: SWITCH_NONCE_SECONDS } as const;

/** The root's memory of a Microsoft or Google sign-in under way (lib/auth/sso-flow.ts): host-only, short-lived. */
export const SSO_FLOW_COOKIE_OPTIONS = { ...OPTIONS, maxAge: SSO_FLOW_SECONDS } as const;

/** A school's session (on its subdomain), the root-domain session (school picker) or the platform console's. */
type Which = 'school' | 'root' | 'console';
const nameOf = (which: Which) =>
  which === 'root' ? ROOT_SESSION_COOKIE : which === 'console' ? CONSOLE_SESSION_COOKIE : SESSION_COOKIE;

export async function readSessionToken(which: Which = 'school'): Promise<string | null> {
  return (await cookies()).get(nameOf(which))?.value ?? null;
}

export async function writeSessionToken(token: string, which: Which = 'school'): Promise<void> {
  (await cookies()).set(nameOf(which), token, OPTIONS);
}

export async function clearSessionToken(which: Which = 'school'): Promise<void> {
  (await cookies()).set(nameOf(which), '', { ...OPTIONS, maxAge: 0 });
}
