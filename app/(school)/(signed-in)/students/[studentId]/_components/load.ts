/**
 * What every profile tab does first: the signed-in person, the name style of
 * the request, and the tab's read (lib/students decides and audits it). A
 * pupil that is missing, another school's, out of reach or named by a
 * malformed id is the 404 page; a key holder who has not used their key is
 * asked to (whatever the id names).
 */
import 'server-only';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { requireUserCtx, getNameStyle } from '@/lib/http';
import { NeedsElevationError } from '@/lib/students';
import type { ProfilePage } from '@/lib/profile';
import type { NameStyle } from '@/lib/students';
import type { UserCtx } from '@/lib/tenancy';

export type Loaded<T> = { kind: 'page'; ctx: UserCtx; page: ProfilePage<T> } | { kind: 'elevate' };

export async function loadProfileTab<T>(
  read: (ctx: UserCtx, style: NameStyle) => Promise<ProfilePage<T>>,
): Promise<Loaded<T>> {
  const ctx = await requireUserCtx();
  const style = await getNameStyle(ctx);
  try {
    return { kind: 'page', ctx, page: await read(ctx, style) };
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof NeedsElevationError) return { kind: 'elevate' };
    throw e;
  }
}

/** Route params arrive as a promise in Next.js 16. */
export type ProfileParams = { params: Promise<{ studentId: string }> };
