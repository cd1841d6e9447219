/**
 * The second hop: back in the school being left, the signed-in person's code
 * for the other school, bound to the nonce hash that school gave this browser,
 * and on to exchange it there. Only top-level navigations (Lax cookies reach
 * nothing else cross-site anyway); a code sent to another browser is refused
 * there, because only this browser holds the nonce.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { BINDING_PATTERN, issueSwitchCode } from '@/lib/auth';
import { NotFoundError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import { SLUG_PATTERN } from '@/lib/tenancy';

const input = z.strictObject({
  to: z.string().regex(SLUG_PATTERN),
  bind: z.string().regex(BINDING_PATTERN),
  path: z.string().max(500),
});

export async function GET(request: NextRequest) {
  const mode = request.headers.get('sec-fetch-mode');
  if (mode && mode !== 'navigate') return new NextResponse('Not found', { status: 404 });
  const ctx = await requireUserCtx();
  const q = request.nextUrl.searchParams;
  const parsed = input.safeParse({ to: q.get('to') ?? '', bind: q.get('bind') ?? '', path: q.get('path') ?? '/' });
  if (!parsed.success) return new NextResponse('Not found', { status: 404 });
  try {
    return NextResponse.redirect(await issueSwitchCode(ctx, parsed.data.to, parsed.data.path, parsed.data.bind), 303);
  } catch (e) {
    if (e instanceof NotFoundError) return new NextResponse('Not found', { status: 404 });
    throw e;
  }
}
