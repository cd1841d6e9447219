/**
 * Admin → School settings → Logo: POST one image (multipart, field `logo`).
 * A route handler because server actions read text fields only
 * (lib/http/action.ts); it makes the admin checks itself, Origin included
 * (lib/http/admin-route.ts). Answers JSON to the form's script, and without
 * one redirects back to the settings page with the outcome.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { logoUploadRequest } from '@/lib/admin';
import { adminRouteCtx } from '@/lib/http';

export async function POST(request: NextRequest) {
  const ctx = await adminRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const answer = await logoUploadRequest(ctx, request);
  if (request.headers.get('accept')?.includes('application/json'))
    return NextResponse.json(answer, { status: answer.status, headers: { 'cache-control': 'no-store' } });
  const back = new URL('/admin/settings', request.url);
  back.searchParams.set('logo', answer.ok ? 'saved' : 'refused');
  return NextResponse.redirect(back, 303);
}
