/**
 * POST → one file into the school's library. A route handler rather than a
 * server action, as for the vault: files go up to tens of MB, beyond what
 * server actions and the proxy take, so proxy.ts leaves this path out and the
 * handler checks the Origin and the person itself (lib/http/user-route.ts,
 * lib/library). The page's script sends one file per request and reads JSON.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { plainResponse, refusalResponse, userRouteCtx } from '@/lib/http';
import { receiveLibraryUpload } from '@/lib/library';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  let answer;
  try {
    answer = await receiveLibraryUpload(ctx, request);
  } catch (e) {
    return refusalResponse(e, 'The library could not be found.');
  }
  if (json) {
    return NextResponse.json(
      answer.ok ? { documentIds: answer.documentIds, message: answer.message } : { message: answer.message },
      { status: answer.status, headers: { 'cache-control': 'no-store' } },
    );
  }
  if (answer.ok) return NextResponse.redirect(new URL('/library', request.url), 303);
  return plainResponse(answer.status, `${answer.message}\n\nNothing was uploaded. Go back to choose another file.`);
}
