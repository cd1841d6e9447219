/**
 * POST → files into the pupil's Document vault. A route handler rather than a
 * server action: files go up to tens of MB, beyond what server actions and the
 * proxy take (the proxy holds a body in memory), so proxy.ts leaves this path
 * out and the handler checks the Origin, the person and the pupil itself
 * (lib/http/user-route.ts, lib/vault). The page's script sends one file per
 * request and reads JSON; a form posted without it is redirected back to the tab.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { plainResponse, refusalResponse, userRouteCtx } from '@/lib/http';
import { receiveVaultUpload } from '@/lib/vault';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest, { params }: { params: Promise<{ studentId: string }> }) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const { studentId } = await params;
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  let answer;
  try {
    answer = await receiveVaultUpload(ctx, studentId, request);
  } catch (e) {
    return refusalResponse(e, 'That pupil could not be found.');
  }
  if (json) {
    return NextResponse.json(
      answer.ok ? { documentIds: answer.documentIds, message: answer.message } : { message: answer.message },
      {
        status: answer.status,
        headers: { 'cache-control': 'no-store' },
      },
    );
  }
  if (answer.ok) {
    return NextResponse.redirect(
      new URL(`/students/${studentId}/documents?uploaded=${answer.documentIds.length}`, request.url),
      303,
    );
  }
  return plainResponse(answer.status, `${answer.message}\n\nNothing was uploaded. Go back to choose other files.`);
}
