import 'server-only';
import { redirect } from 'next/navigation';
import { clearSessionToken } from '@/lib/http';

/** The session was ended for too many refused key attempts: this browser is signed out and told why. */
export async function signedOutAfterKeyFailures(): Promise<never> {
  await clearSessionToken();
  redirect('/login?signed-out=key-attempts');
}
