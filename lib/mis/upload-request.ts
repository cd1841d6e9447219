/**
 * The body of Admin → Imports' upload route once the administrator is known:
 * the request's multipart body, streamed into an import run. The route
 * handler (app/(school)/(signed-in)/admin/imports/upload) checks Origin,
 * school and administration, then hands the request here and turns the
 * answer into JSON or a redirect.
 */
import 'server-only';
import type { Ctx } from '@/lib/tenancy/context';
import { importUpload, MAX_UPLOAD_BYTES, UploadRefused } from './service';

export interface UploadAnswer {
  status: number;
  runId?: string;
  runStatus?: 'succeeded' | 'failed';
  message?: string;
}

/** Form overhead allowed on top of the files themselves. */
const MULTIPART_OVERHEAD = 1024 * 1024;

export async function importUploadRequest(ctx: Ctx, request: Request, now = new Date()): Promise<UploadAnswer> {
  // Node's HTTP parser never delivers more than the declared length, so this bounds the whole body.
  const length = Number(request.headers.get('content-length'));
  if (!Number.isFinite(length) || length <= 0) return { status: 411, message: 'The upload had no length; try again.' };
  if (length > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD)
    return { status: 413, message: `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` };
  if (!request.body) return { status: 400, message: 'The upload could not be read; try again.' };

  try {
    const outcome = await importUpload(
      ctx,
      { contentType: request.headers.get('content-type') ?? '', body: request.body },
      now,
    );
    if (outcome.status === 'already-processed') return { status: 409, message: 'This bundle was already imported.' };
    return { status: 200, runId: outcome.runId, runStatus: outcome.status };
  } catch (e) {
    if (e instanceof UploadRefused) return { status: e.status, message: e.message };
    throw e;
  }
}
