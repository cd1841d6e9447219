/**
 * The request context every service function takes first. Built per request by
 * lib/http/context.ts from the verified Host (and, with identity, the session).
 * `run` is the only door to tenant data: one transaction, this school only.
 */
import type { Tx } from '@/db/scoped';
import type { School } from '@/lib/schools/types';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Ctx {
  school: School;
  meta: RequestMeta;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
