/**
 * What the report download routes share (the Custom report's and a saved
 * report's): the file as an attachment that is never cached or sniffed, the
 * PDF form read within a size limit (its password only ever in the body),
 * and lib/reports' refusals answered as the pages answer them.
 */
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { plainResponse, readLimitedForm, refusalResponse } from '@/lib/http';
import type { ReportFile } from '@/lib/reports';

/** A report's fields and a password: a few kilobytes at most. */
const MAX_FORM_BYTES = 64 * 1024;

export function reportFileResponse(file: ReportFile): Response {
  return new Response(file.body as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A refusal, a missing report or a bad field as a plain answer; anything else is not ours to explain. */
export function reportDownloadRefusal(e: unknown): Response {
  // A refusal is a UserError too: answered first, as the pages answer it.
  if (e instanceof NotAllowedError || e instanceof NotFoundError)
    return refusalResponse(e, 'That report could not be found.');
  if (e instanceof UserError) return plainResponse(400, e.message);
  throw e;
}

/** The PDF form's fields (the report's, if any) and its password, or the answer to a form that is not one. */
export async function readPdfForm(
  request: Request,
): Promise<{ query: Record<string, string[]>; password: string } | Response> {
  const form = await readLimitedForm(request, MAX_FORM_BYTES);
  if (!form.ok)
    return form.reason === 'too-large'
      ? plainResponse(413, 'That request was too large.')
      : plainResponse(400, 'Send the report from its page.');
  const query: Record<string, string[]> = {};
  let password = '';
  for (const [k, v] of form.form.entries()) {
    if (typeof v !== 'string') continue;
    if (k === 'pdfPassword') password = v;
    else (query[k] ??= []).push(v);
  }
  return { query, password };
}
