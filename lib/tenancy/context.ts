/**
 * The request context every service function takes first. Built per request by
 * lib/http/context.ts from the verified Host (and, with identity, the session).
 * `run` is the only door to tenant data: one transaction, this school only.
 *
 * The school and the person are plain data here, below every domain: lib/schools
 * reads schools, lib/auth resumes sessions, and both hand over these shapes.
 */
import type { Tx } from '@/db/scoped';
import type { SchoolSettings } from '@/lib/settings/school-settings';
import type { SystemPermission } from './permissions';

/** A school as pages and services see it. */
export interface School {
  id: string;
  slug: string;
  name: string;
  trustName: string | null;
  timeZone: string;
  settings: SchoolSettings;
  /** An operator has made the school unavailable (its pages say so; sign-in is refused). */
  disabled?: boolean;
}

/** The signed-in person as the request context carries them. Never holds a hash, secret or token. */
export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
  sessionId: string;
  membershipId: string;
  userGroupId: string;
  userGroupName: string;
  permissions: SystemPermission[];
  /** Number of second factors the person has registered. */
  keyCount: number;
  /** A key was used in this session: the person is a key holder right now. */
  elevated: boolean;
  /** Their group grants anything beyond recording concerns: they should be offered their key. */
  mayElevate: boolean;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Ctx {
  school: School;
  /** The signed-in person, or null on pages anyone may see (sign-in, reset). */
  user: SignedInUser | null;
  meta: RequestMeta;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A context with a signed-in person: what every service that touches records takes. */
export type UserCtx = Ctx & { user: SignedInUser };
