/**
 * GET ?q=… → the pupils this person may pick on the add-incident form, as
 * JSON for the autocomplete. Signed-in only; the permission engine decides
 * which pupils can appear (lib/students/pick-search.ts).
 */
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getCtx, getNameStyle } from '@/lib/http';
import { searchPickablePupils } from '@/lib/students';
import type { UserCtx } from '@/lib/tenancy';

export const dynamic = 'force-dynamic';

const query = z.string().trim().max(100);

export async function GET(request: Request): Promise<Response> {
  const ctx = await getCtx();
  if (!ctx.user)
    return NextResponse.json({ error: 'Sign in again.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  const parsed = query.safeParse(new URL(request.url).searchParams.get('q') ?? '');
  const q = parsed.success ? parsed.data : '';
  const pupils = await searchPickablePupils(ctx as UserCtx, q, await getNameStyle(ctx));
  return NextResponse.json({ pupils }, { headers: { 'Cache-Control': 'no-store' } });
}
