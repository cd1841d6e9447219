/**
 * The console's upload of the service-level agreement. A route handler
 * because the server-action wrapper reads text fields only; the checks it
 * would make are made here: the root domain, the Origin, an operator whose
 * key is in use in this session; the body is read with a cap. A plain form
 * posts here, so every answer is a redirect back to the page, which says
 * what happened beside the field.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { UserError } from '@/lib/errors';
import { consoleRouteOperator, plainResponse, readLimitedForm } from '@/lib/http';
import { SLA_MAX_BYTES, SLA_NOT_PDF, SLA_TOO_BIG, uploadSla } from '@/lib/platform';

const FORM_OVERHEAD = 64 * 1024;

const back = (request: NextRequest, outcome: string) =>
  NextResponse.redirect(new URL(`/console/sla?${outcome}`, request.url), 303);

export async function POST(request: NextRequest) {
  const ctx = await consoleRouteOperator({ stateChanging: true });
  if (ctx instanceof Response) return ctx;

  const read = await readLimitedForm(request, SLA_MAX_BYTES + FORM_OVERHEAD);
  if (!read.ok) return back(request, read.reason === 'too-large' ? 'error=too-big' : 'error=missing');
  if ([...read.form.keys()].some((k) => k !== 'file'))
    return plainResponse(400, 'The form had fields Haven does not know.');
  const file = read.form.get('file');
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  try {
    await uploadSla(ctx.operator, { name: file instanceof File ? file.name : '', bytes }, ctx.meta);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return back(
      request,
      e.message === SLA_TOO_BIG ? 'error=too-big' : e.message === SLA_NOT_PDF ? 'error=not-pdf' : 'error=missing',
    );
  }
  return back(request, 'done=1');
}
