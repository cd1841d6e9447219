/**
 * The second hop of opening a school from the root domain: the root session's
 * code for that school, bound to the nonce hash the school gave this browser
 * (lib/auth/school-switch.ts), and on to exchange it there.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { openSchoolFromRoot, BINDING_PATTERN } from '@/lib/auth';
import { NotFoundError } from '@/lib/errors';
import { isRootDomainRequest, readSessionToken } from '@/lib/http';
import { SLUG_PATTERN } from '@/lib/tenancy';

const input = z.strictObject({ to: z.string().regex(SLUG_PATTERN), bind: z.string().regex(BINDING_PATTERN) });

export async function GET(request: NextRequest) {
  const mode = request.headers.get('sec-fetch-mode');
  if (!(await isRootDomainRequest()) || (mode && mode !== 'navigate'))
    return new NextResponse('Not found', { status: 404 });
  const token = await readSessionToken('root');
  if (!token) return NextResponse.redirect(new URL('/sign-in', request.url), 303);
  const q = request.nextUrl.searchParams;
  const parsed = input.safeParse({ to: q.get('to') ?? '', bind: q.get('bind') ?? '' });
  if (!parsed.success) return new NextResponse('Not found', { status: 404 });
  try {
    return NextResponse.redirect(await openSchoolFromRoot(token, parsed.data.to, parsed.data.bind), 303);
  } catch (e) {
    if (e instanceof NotFoundError) return new NextResponse('Not found', { status: 404 });
    throw e;
  }
}
