/**
 * The first hop of moving to this school from another (or from the root
 * domain): give this browser a switching nonce in this school's own cookie and
 * send it back to where it came from with the nonce's hash, so the code issued
 * there works only in this browser (lib/auth/school-switch.ts). It signs no one
 * in and goes back only to a Haven school or the root domain.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { bindingOf, newSwitchNonce, SWITCH_NONCE_COOKIE, switchIssueUrl, wellFormedNonce } from '@/lib/auth';
import { getSchool, SWITCH_NONCE_COOKIE_OPTIONS } from '@/lib/http';
import { findSchoolBySlug } from '@/lib/schools';
import { SLUG_PATTERN } from '@/lib/tenancy';

const input = z.strictObject({
  back: z.union([z.literal(''), z.string().regex(SLUG_PATTERN)]),
  path: z.string().max(500),
});

export async function GET(request: NextRequest) {
  const school = await getSchool();
  const parsed = input.safeParse({
    back: request.nextUrl.searchParams.get('back') ?? '',
    path: request.nextUrl.searchParams.get('path') ?? '/',
  });
  if (!parsed.success) return new NextResponse('Not found', { status: 404 });
  const back = parsed.data.back === '' ? 'root' : await findSchoolBySlug(parsed.data.back);
  if (!back || (back !== 'root' && back.id === school.id)) return new NextResponse('Not found', { status: 404 });

  // A nonce already here is kept, so switching in two tabs at once works in both.
  const nonce = wellFormedNonce(request.cookies.get(SWITCH_NONCE_COOKIE)?.value) ?? newSwitchNonce();
  const response = NextResponse.redirect(switchIssueUrl(back, school, bindingOf(nonce), parsed.data.path), 303);
  response.cookies.set(SWITCH_NONCE_COOKIE, nonce, SWITCH_NONCE_COOKIE_OPTIONS);
  return response;
}
