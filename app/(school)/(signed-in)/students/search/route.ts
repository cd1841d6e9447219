/**
 * Quick Student Search as you type: JSON for the dashboard's autocomplete.
 * The same search, permissions and name style as the page (lib/students
 * studentSuggestions); signed out is 401, no key or no permission 403 with
 * the reason, and nothing about any pupil.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { NotAllowedError } from '@/lib/errors';
import { getCtx, getNameStyle } from '@/lib/http';
import { studentSuggestions } from '@/lib/students';
import type { UserCtx } from '@/lib/tenancy';

const json = (body: unknown, status = 200) =>
  NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function GET(request: NextRequest) {
  const ctx = await getCtx();
  if (!ctx.user) return json({ error: 'Sign in to search.' }, 401);
  const params = request.nextUrl.searchParams;
  try {
    const found = await studentSuggestions(
      ctx as UserCtx,
      params.get('q') ?? '',
      { includeArchived: params.get('archived') === '1' },
      await getNameStyle(ctx),
    );
    return json(found);
  } catch (e) {
    if (e instanceof NotAllowedError) return json({ error: e.message }, 403);
    throw e;
  }
}
