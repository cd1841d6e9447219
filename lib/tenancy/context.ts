/**
 * The request context every service function takes first. Built per request by
 * lib/http/context.ts from the verified Host (and, with identity, the session).
 * `run` is the only door to tenant data: one transaction, this school only.
 */
import type { Tx } from '@/db/scoped';
import type { RequestMeta, SignedInUser } from '@/lib/auth/types';
import type { School } from '@/lib/schools/types';

export type { RequestMeta };

export interface Ctx {
  school: School;
  /** The signed-in person, or null on pages anyone may see (sign-in, reset). */
  user: SignedInUser | null;
  meta: RequestMeta;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A context with a signed-in person: what every service that touches records takes. */
export type UserCtx = Ctx & { user: SignedInUser };
