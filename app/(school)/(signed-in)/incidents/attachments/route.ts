/**
 * POST → one file from an incident or action form, kept as a pending
 * document of the sender until the form's save claims it (lib/vault
 * attachments.ts, lib/incidents/attachments.ts). A route handler for the
 * same reasons as the vault's upload: files of tens of MB stream through,
 * so proxy.ts leaves this path out and the handler checks the Origin and the
 * person itself (lib/http/user-route.ts). Answers JSON: the document's id, or
 * the message naming the refused file.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { refusalResponse, userRouteCtx } from '@/lib/http';
import { receivePendingAttachment } from '@/lib/vault';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  let answer;
  try {
    answer = await receivePendingAttachment(ctx, request);
  } catch (e) {
    return refusalResponse(e, 'The file could not be stored.');
  }
  return NextResponse.json(
    answer.ok ? { documentIds: answer.documentIds, message: answer.message } : { message: answer.message },
    { status: answer.status, headers: { 'cache-control': 'no-store' } },
  );
}
