/**
 * Admin → Imports upload: a .zip or the CSV files of an MIS extract. A route
 * handler rather than a server action, because a large school's attendance.csv
 * is ~20 MB: server actions and the proxy both cap bodies far lower (the proxy
 * cuts bodies over 10 MB), so proxy.ts's matcher leaves this one path out and
 * the handler makes its checks itself (lib/http/admin-route.ts). Answers JSON to
 * the upload form's script, and a redirect to the run when the form is posted
 * without one.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { adminRouteCtx, plainResponse } from '@/lib/http';
import { importUploadRequest } from '@/lib/mis';

export async function POST(request: NextRequest) {
  const ctx = await adminRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  const answer = await importUploadRequest(ctx, request);
  if (json) {
    const body = answer.runId ? { runId: answer.runId, status: answer.runStatus } : { message: answer.message };
    return NextResponse.json(body, { status: answer.status, headers: { 'cache-control': 'no-store' } });
  }
  if (answer.runId) return NextResponse.redirect(new URL(`/admin/imports/${answer.runId}`, request.url), 303);
  return plainResponse(answer.status, answer.message ?? '');
}
