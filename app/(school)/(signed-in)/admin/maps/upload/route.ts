/**
 * Admin → Maps upload: a JPEG or PNG with its title. A route handler because
 * the server-action wrapper reads text fields only; the checks it would make
 * are made here (lib/http/admin-route.ts: Origin, school, administration with
 * the key) and the file is read with a cap (lib/files/limited-form.ts). Answers
 * JSON to the upload form's script (field errors by name), and a redirect or
 * the plain message when the form is posted without it.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { uploadMap } from '@/lib/admin';
import { UserError } from '@/lib/errors';
import { adminRouteCtx, plainResponse, readLimitedForm } from '@/lib/http';
import { MAX_MAP_BYTES, TOO_BIG } from '@/lib/maps';

const FORM_OVERHEAD = 64 * 1024;

export async function POST(request: NextRequest) {
  const ctx = await adminRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  const answer = (status: number, body: { message: string; fieldErrors?: Record<string, string[]> }) =>
    json
      ? NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } })
      : plainResponse(status, [body.message, ...Object.values(body.fieldErrors ?? {}).flat()].join('\n'));

  const read = await readLimitedForm(request, MAX_MAP_BYTES + FORM_OVERHEAD);
  if (!read.ok) {
    return read.reason === 'too-large'
      ? answer(413, { message: 'Please correct the highlighted fields.', fieldErrors: { image: [TOO_BIG] } })
      : answer(400, { message: 'Send the form from Admin → Maps.' });
  }
  const unknown = [...read.form.keys()].filter((k) => k !== 'title' && k !== 'image');
  if (unknown.length > 0) return answer(400, { message: 'The form had fields Haven does not know.' });
  const title = read.form.get('title');
  const file = read.form.get('image');
  const image = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  try {
    const { mapId } = await uploadMap(ctx, { title: typeof title === 'string' ? title : undefined, image });
    if (json) return NextResponse.json({ mapId }, { headers: { 'cache-control': 'no-store' } });
    return NextResponse.redirect(new URL('/admin/maps?done=added', request.url), 303);
  } catch (e) {
    if (e instanceof UserError) return answer(400, { message: e.message, fieldErrors: e.fieldErrors });
    const ref = crypto.randomUUID().slice(0, 8);
    console.error(`[map upload error ${ref}]`, e);
    return answer(500, { message: `Something went wrong and nothing was saved. Please try again (reference ${ref}).` });
  }
}
