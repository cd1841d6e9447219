/**
 * The one wrapper every server action goes through (tests/unit/actions-use-wrapper
 * checks this): Origin check, strict zod parsing of the form, the person's
 * context, and error mapping. A UserError's message is shown as it is; any
 * other error is logged with a reference id and the person sees a generic
 * message with that id. What was typed comes back in `values`, so a failed
 * submit never empties the form (passwords excepted).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { getConfig } from '@/lib/config';
import { UserError, fieldErrorsOf } from '@/lib/errors';
import { isAllowedOrigin } from './origin';

import type { FormState } from './form-state';

export type { FormState };

/** Fields never echoed back to the browser. */
const SECRET_FIELDS = /password|confirm|code|token/i;

function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (k.startsWith('$ACTION')) continue; // Next.js's own fields
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function echo(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELDS.test(k)));
}

export async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  if (!isAllowedOrigin(h.get('origin'), h.get('host'), getConfig().protocol)) {
    throw new UserError('This request came from another site and was refused.');
  }
}

export async function runFormAction<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  handler: (data: z.infer<S>) => Promise<FormState | void>,
): Promise<FormState> {
  const values = formValues(formData);
  try {
    await assertSameOrigin();
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      return { values: echo(values), fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Please correct the highlighted fields.' };
    }
    const result = await handler(parsed.data);
    return result ?? { values: {}, fieldErrors: {}, message: null, done: true };
  } catch (e) {
    unstable_rethrow(e); // redirect() and notFound() are not errors
    if (e instanceof UserError) {
      return { values: echo(values), fieldErrors: e.fieldErrors ?? {}, message: e.message };
    }
    const ref = randomUUID().slice(0, 8);
    console.error(`[action error ${ref}]`, e);
    return { values: echo(values), fieldErrors: {}, message: `Something went wrong and nothing was saved. Please try again (reference ${ref}).` };
  }
}
