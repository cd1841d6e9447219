/**
 * The platform console's request context: the operator behind the console
 * cookie, on the root domain only. Every console page and action asks for it
 * through `requireOperator`, which sends anyone without a valid session to
 * the console's sign-in and an operator who has not used their key in it to
 * the key page: no console page renders a thing before both.
 */
import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { resolveConsoleSession, type ConsoleOperator } from '@/lib/platform/console-auth';
import type { RequestMeta } from '@/lib/tenancy/context';
import { getRequestMeta, isRootDomainRequest } from './context';
import { readSessionToken } from './session-cookie';

export interface ConsoleCtx {
  operator: ConsoleOperator;
  meta: RequestMeta;
}

/** The console session of this request (any stage: password only, or key used too), or null. */
export const getConsoleSession = cache(async (): Promise<ConsoleOperator | null> => {
  if (!(await isRootDomainRequest())) notFound();
  return resolveConsoleSession(await readSessionToken('console'));
});

export async function requireOperator(): Promise<ConsoleCtx> {
  const operator = await getConsoleSession();
  if (!operator) redirect('/console/sign-in');
  if (!operator.elevated) redirect('/console/key');
  return { operator, meta: await getRequestMeta() };
}
