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
import { adminRouteCtx, plainResponse } from '@/lib/http/admin-route';
import { importUpload, MAX_UPLOAD_BYTES } from '@/lib/mis/service';

export async function POST(request: NextRequest) {
  const ctx = await adminRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  const answer = (status: number, body: { runId?: string; status?: string; message?: string }) =>
    json ? NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } }) : body.runId ? NextResponse.redirect(new URL(`/admin/imports/${body.runId}`, request.url), 303) : plainResponse(status, body.message ?? '');

  const length = Number(request.headers.get('content-length'));
  if (!Number.isFinite(length) || length <= 0) return answer(411, { message: 'The upload had no length; try again.' });
  if (length > MAX_UPLOAD_BYTES + 1024 * 1024) return answer(413, { message: `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` });

  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return answer(400, { message: 'The upload could not be read; try again.' });
  }
  const files = form.getAll('files').filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
  const outcome = await importUpload(ctx, files);
  if (outcome.status === 'already-processed') return answer(409, { message: 'This bundle was already imported.' });
  return answer(200, { runId: outcome.runId, status: outcome.status });
}
