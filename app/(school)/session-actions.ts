'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { elevateWithTotp } from '@/lib/auth/keys';
import { switchStartUrl, switchTarget } from '@/lib/auth/school-switch';
import { SLUG_PATTERN } from '@/lib/tenancy/host';
import { totpCodeInput } from '@/lib/auth/schema';
import { signOut } from '@/lib/auth/sign-out';
import { assertSameOrigin, runFormAction, type FormState } from '@/lib/http/action';
import { getCtx, requireUserCtx } from '@/lib/http/context';
import { clearSessionToken, writeSessionToken } from '@/lib/http/session-cookie';
import { setHideNames } from '@/lib/http/name-style';
import { safeReturnPath } from '@/lib/tenancy/return-path';

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  const ctx = await getCtx();
  if (ctx.user) await signOut(ctx as Parameters<typeof signOut>[0]);
  await clearSessionToken();
  redirect('/login');
}

export async function switchSchoolAction(formData: FormData): Promise<void> {
  const fields = Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')));
  const parsed = z.strictObject({ to: z.string().regex(SLUG_PATTERN), from: z.string().max(500) }).safeParse(fields);
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  if (!parsed.success) redirect('/');
  // First to the other school, which binds the code to this browser (lib/auth/school-switch.ts).
  redirect(switchStartUrl(await switchTarget(ctx, parsed.data.to), { school: ctx.school.slug }, parsed.data.from));
}

export async function elevateAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let elevated = false;
  const state = await runFormAction(formData, totpCodeInput, async (data) => {
    const ctx = await requireUserCtx();
    await writeSessionToken(await elevateWithTotp(ctx, data));
    elevated = true;
  });
  if (elevated) redirect('/');
  return state;
}

/** The header's "Hide names" switch: initials with stars for every pupil until switched off. */
export async function toggleHideNamesAction(formData: FormData): Promise<void> {
  const parsed = z.strictObject({ hide: z.enum(['0', '1']), from: z.string().max(500) }).safeParse(
    Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION'))),
  );
  await assertSameOrigin();
  await requireUserCtx();
  if (!parsed.success) redirect('/');
  await setHideNames(parsed.data.hide === '1');
  redirect(safeReturnPath(parsed.data.from));
}
