/**
 * What a refused button says. A button's form (pin, restore, mark as read,
 * open a school) has no state to show a message in, and a thrown error would
 * reach the error page as a 500 with a digest. So the action wrapper leaves
 * the message in a short-lived cookie and sends the browser to /refused,
 * which shows it. The message is always one the server wrote, never text from
 * the request, and the `__Host-` prefix means no other host (a sibling
 * school's subdomain included) can set or read it.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';

export const REFUSAL_COOKIE = '__Host-haven-refusal';
export const REFUSAL_PATH = '/refused';
const MAX_CHARS = 500;

export async function showRefusal(message: string): Promise<never> {
  (await cookies()).set(REFUSAL_COOKIE, message.slice(0, MAX_CHARS), {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    // Long enough for the redirect that follows; a page cannot clear it when shown.
    maxAge: 60,
  });
  redirect(REFUSAL_PATH);
}

export async function readRefusal(): Promise<string | null> {
  const value = (await cookies()).get(REFUSAL_COOKIE)?.value;
  return value ? value.slice(0, MAX_CHARS) : null;
}
