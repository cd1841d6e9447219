/**
 * The library's door: "library.view" (its view permission, or the school
 * opening it to every member of staff; no key needed) and "library.add"
 * (upload, delete, restore and the "Deleted files" view: the add permission,
 * with the key) and "library.read_by" (a file's "Read by" log: adders or
 * administrators, with the key). The rules are lib/access's; this only words the refusals.
 */
import 'server-only';
import { accessSubjectOf, decide, sessionSubject, type AccessSubject } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';

export type LibraryAction = 'library.view' | 'library.add' | 'library.read_by';
export type LibraryAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

export const NO_LIBRARY = 'You do not have permission to see the library.';
export const NO_LIBRARY_ADD = 'You do not have permission to add to or change the library.';
export const LIBRARY_NEEDS_KEY = 'Use your key to add to or change the library.';
export const NO_READ_BY = 'You do not have permission to see who has read the library’s files.';
export const READ_BY_NEEDS_KEY = 'Use your key to see who has read this file.';

function accessOf(subject: AccessSubject, action: LibraryAction): LibraryAccess {
  const d = decide(subject, action);
  if (d.allowed) return 'allowed';
  return d.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** From the session alone, for the header and the page's buttons; every change decides again. */
export function libraryAccess(ctx: UserCtx, action: LibraryAction = 'library.view'): LibraryAccess {
  return accessOf(sessionSubject(ctx), action);
}

/** The fresh subject, refused unless `action` is allowed now. */
export async function requireLibrary(ctx: UserCtx, action: LibraryAction): Promise<AccessSubject> {
  const subject = await accessSubjectOf(ctx);
  assertLibrary(subject, action);
  return subject;
}

export function assertLibrary(subject: AccessSubject, action: LibraryAction): void {
  const access = accessOf(subject, action);
  if (access === 'allowed') return;
  if (action === 'library.view') throw new NotAllowedError(NO_LIBRARY);
  if (action === 'library.read_by')
    throw new NotAllowedError(access === 'needs_elevation' ? READ_BY_NEEDS_KEY : NO_READ_BY);
  throw new NotAllowedError(access === 'needs_elevation' ? LIBRARY_NEEDS_KEY : NO_LIBRARY_ADD);
}
