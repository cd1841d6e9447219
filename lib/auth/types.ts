import type { SystemPermission } from '@/lib/schools/defaults';

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
