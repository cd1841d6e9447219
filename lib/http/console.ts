/**
 * The platform console's request context: the operator behind the console
 * cookie, on the root domain only. Every console page and action asks for it
 * through `requireOperator`, which sends anyone without a valid session to
 * the console's sign-in and an operator who has not used their key in it to
 * the key page: no console page renders a thing before both.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { consoleStageOf, type ConsoleStage } from '@/lib/access/console-gate';
import { resolveConsoleSession, type ConsoleOperator } from '@/lib/platform/console-auth';
import type { RequestMeta } from '@/lib/tenancy/context';
import { getConfig } from '@/lib/config';
import { plainResponse } from './admin-route';
import { getRequestMeta, isRootDomainRequest } from './context';
import { isAllowedOrigin } from './origin';
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

export type { ConsoleStage };

export async function consoleStage(): Promise<{ stage: ConsoleStage; operator: ConsoleOperator | null }> {
  const operator = await getConsoleSession();
  return { stage: consoleStageOf(operator), operator };
}

export async function requireOperator(): Promise<ConsoleCtx> {
  const operator = await getConsoleSession();
  const stage = consoleStageOf(operator);
  if (stage === 'signed-out') redirect('/console/sign-in');
  if (stage === 'needs-key') redirect('/console/key');
  return { operator: operator!, meta: await getRequestMeta() };
}

/**
 * A console route handler's operator (the upload of the agreement), or the
 * response that refuses it: the root domain only, the Origin on a
 * state-changing request, an operator whose key is in use.
 */
export async function consoleRouteOperator(opts: { stateChanging: boolean }): Promise<ConsoleCtx | Response> {
  if (!(await isRootDomainRequest())) return plainResponse(404, 'Not found.');
  if (opts.stateChanging) {
    const h = await headers();
    if (!isAllowedOrigin(h.get('origin'), h.get('host'), getConfig().protocol))
      return plainResponse(403, 'This request came from another site and was refused.');
  }
  const operator = await resolveConsoleSession(await readSessionToken('console'));
  if (consoleStageOf(operator) !== 'ready') return plainResponse(401, 'Sign in to the console and use your key first.');
  return { operator: operator!, meta: await getRequestMeta() };
}
