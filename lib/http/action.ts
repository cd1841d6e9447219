/**
 * The one wrapper every server action goes through; tests/unit/actions-use-wrapper.test.ts
 * fails when an export of a 'use server' module is made any other way. Each
 * action is one declarative call:
 *
 *   export const pinIncidentAction = action.button({ auth: 'signed-in', input: pinIncidentInput }, async (ctx, data) => …);
 *
 * In order, for every action:
 * 1. The Origin must be exactly this host's origin (proxy.ts checks it too; it
 *    is never the only check).
 * 2. The request's context, or a refusal. `signed-in` needs a valid session
 *    (without one, off to sign in); `signed-out` is for the few actions a
 *    person uses before signing in (sign-in, reset links) or to sign out, and
 *    gets the school with whoever the cookie names, perhaps nobody; `root` is
 *    for the root domain's sign-in and school picker; `console` for the
 *    platform console (an operator whose key is in use, on the root domain).
 * 3. The form, read once: Next.js's own fields dropped, repeated fields
 *    joined, then parsed with the action's strict zod schema (an unknown field
 *    is refused, never assigned; a schema that is not strict is refused when
 *    the action is defined).
 * 4. The handler. redirect() and notFound() pass through; anything thrown is
 *    turned into what the person sees, by the action's shape:
 *    - `action` (a form with useActionState) returns its FormState: a zod
 *      error gives messages next to the fields, a UserError (NotFound and
 *      NotAllowed included) its own message, anything else a generic message
 *      with a reference id that the server log has against the detail. What
 *      was typed comes back, so a failed submit never empties the form
 *      (passwords, codes and tokens excepted).
 *    - `action.button` (a button with no state to show) answers bad input
 *      and NotFound with the 404 page, as a page would, and any other refusal
 *      with its message on /refused: never the error page's 500.
 *    - `action.result` (called from the page's own code) returns the
 *      handler's result, or `{ state }` with the form's state as above.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { notFound, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError, fieldErrorsOf } from '@/lib/errors';
import type { Ctx, RequestMeta, UserCtx } from '@/lib/tenancy/context';
import { requireOperator, type ConsoleCtx } from './console';
import { getCtx, getRequestMeta, isRootDomainRequest, requireUserCtx } from './context';
import { formDone, isFrameworkField, type FormState } from './form-state';
import { isAllowedOrigin } from './origin';
import { showRefusal } from './refusal';
import { readSessionToken } from './session-cookie';

export type { FormState };

export const OTHER_SITE = 'This request came from another site and was refused.';
export const CORRECT_FIELDS = 'Please correct the highlighted fields.';
export const NOT_ON_ROOT = 'Sign in on your school’s own page.';

/** The root domain's context: no school, and the root session's token if the browser has one. */
export interface RootCtx {
  meta: RequestMeta;
  rootToken: string | null;
}

export type Auth = 'signed-in' | 'signed-out' | 'root' | 'console';
interface CtxOf {
  'signed-in': UserCtx;
  'signed-out': Ctx;
  root: RootCtx;
  console: ConsoleCtx;
}

export interface ActionOptions<A extends Auth, S extends z.ZodType> {
  auth: A;
  /** A strict zod schema over the form's fields (each one string, as the form sends it). */
  input: S;
  /** Fields sent once per ticked box or chosen item: joined with commas before parsing. */
  repeated?: readonly string[];
  /** Like `repeated`, for values that may hold commas themselves (group names): joined one per line. */
  repeatedLines?: readonly string[];
  /**
   * Fields the page's code fills in rather than the person (a security key's
   * answer): never echoed back, and a problem with one is the form's message.
   */
  opaque?: Readonly<Record<string, string>>;
}

type Handler<A extends Auth, S extends z.ZodType, R> = (ctx: CtxOf[A], data: z.output<S>) => Promise<R>;

/** Fields never echoed back to the browser. */
const SECRET_FIELDS = /password|confirm|code|token/i;

type Refusal =
  | { kind: 'invalid'; fieldErrors: Record<string, string[]> }
  | { kind: 'not-found'; message: string }
  | { kind: 'user'; message: string; fieldErrors: Record<string, string[]> }
  | { kind: 'fault'; message: string };

type Outcome<R> = { ok: true; value: R } | { ok: false; refusal: Refusal };

/**
 * True when the schema refuses any field it does not name: a strict object,
 * perhaps refined, preprocessed or transformed, or a union of such.
 */
export function refusesUnknownFields(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as {
    type: string;
    catchall?: z.core.$ZodType;
    in?: z.core.$ZodType;
    out?: z.core.$ZodType;
    options?: z.core.$ZodType[];
  };
  if (def.type === 'object') return def.catchall?._zod.def.type === 'never';
  if (def.type === 'pipe') return refusesUnknownFields(def.in!._zod.def.type === 'transform' ? def.out! : def.in!);
  if (def.type === 'union') return def.options!.every(refusesUnknownFields);
  return false;
}

/** Checked when the action is defined, so a lax schema fails the build and every test that loads it, not a request. */
function assertStrict(options: ActionOptions<Auth, z.ZodType>): void {
  if (!refusesUnknownFields(options.input)) {
    throw new Error(
      'A server action’s input must be a strict object (z.strictObject): an unknown field is refused, never assigned.',
    );
  }
}

async function checkOrigin(): Promise<void> {
  const h = await headers();
  if (!isAllowedOrigin(h.get('origin'), h.get('host'), getConfig().protocol)) throw new UserError(OTHER_SITE);
}

async function resolveCtx<A extends Auth>(auth: A): Promise<CtxOf[A]> {
  if (auth === 'signed-in') return (await requireUserCtx()) as CtxOf[A];
  if (auth === 'signed-out') return (await getCtx()) as CtxOf[A];
  // An operator with their key used in this session, on the root domain; otherwise off to sign in or use the key.
  if (auth === 'console') return (await requireOperator()) as CtxOf[A];
  if (!(await isRootDomainRequest())) throw new UserError(NOT_ON_ROOT);
  const root: RootCtx = { meta: await getRequestMeta(), rootToken: await readSessionToken('root') };
  return root as CtxOf[A];
}

/** The form as one string per field: the only place that reads a server action's FormData. */
function readForm(formData: FormData, options: ActionOptions<Auth, z.ZodType>): Record<string, string> {
  const joined = new Map<string, string>([
    ...(options.repeated ?? []).map((name) => [name, ','] as const),
    ...(options.repeatedLines ?? []).map((name) => [name, '\n'] as const),
  ]);
  const fields = new Map<string, string>();
  for (const [name, value] of formData.entries()) {
    if (isFrameworkField(name) || joined.has(name) || typeof value !== 'string') continue;
    fields.set(name, value);
  }
  for (const [name, separator] of joined) {
    const values = formData.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
    if (values.length > 0) fields.set(name, values.join(separator));
  }
  // fromEntries makes every name an own property (even "__proto__"), which the strict schema then refuses.
  return Object.fromEntries(fields);
}

function classify(e: unknown): Refusal {
  if (e instanceof z.core.$ZodError) return { kind: 'invalid', fieldErrors: fieldErrorsOf(e.issues) };
  if (e instanceof NotFoundError) return { kind: 'not-found', message: e.message };
  if (e instanceof UserError) return { kind: 'user', message: e.message, fieldErrors: e.fieldErrors ?? {} };
  const ref = randomUUID().slice(0, 8);
  console.error(`[action error ${ref}]`, e);
  return { kind: 'fault', message: `Something went wrong and nothing was saved. Please try again (reference ${ref}).` };
}

async function run<A extends Auth, S extends z.ZodType, R>(
  options: ActionOptions<A, S>,
  fields: Record<string, string>,
  handler: Handler<A, S, R>,
): Promise<Outcome<R>> {
  try {
    await checkOrigin();
    const ctx = await resolveCtx(options.auth);
    const data = (await options.input.parseAsync(fields)) as z.output<S>;
    return { ok: true, value: await handler(ctx, data) };
  } catch (e) {
    unstable_rethrow(e); // redirect() and notFound() are not errors
    return { ok: false, refusal: classify(e) };
  }
}

function formStateOf(
  refusal: Refusal,
  fields: Record<string, string>,
  opaque: Readonly<Record<string, string>> = {},
): FormState {
  const values = Object.fromEntries(Object.entries(fields).filter(([k]) => !SECRET_FIELDS.test(k) && !(k in opaque)));
  let message = refusal.kind === 'invalid' ? CORRECT_FIELDS : refusal.message;
  const fieldErrors = { ...(refusal.kind === 'invalid' || refusal.kind === 'user' ? refusal.fieldErrors : {}) };
  for (const [name, problem] of Object.entries(opaque)) {
    if (!fieldErrors[name]) continue;
    delete fieldErrors[name];
    message = problem;
  }
  return { values, fieldErrors, message };
}

/** A form used with useActionState: its state says what happened. A handler that returns nothing succeeded quietly. */
function formAction<A extends Auth, S extends z.ZodType>(
  options: ActionOptions<A, S>,
  handler: Handler<A, S, FormState | void>,
): (prev: FormState, formData: FormData) => Promise<FormState> {
  assertStrict(options);
  return async (_prev, formData) => {
    const fields = readForm(formData, options);
    const outcome = await run(options, fields, handler);
    if (outcome.ok) return outcome.value ?? formDone();
    return formStateOf(outcome.refusal, fields, options.opaque);
  };
}

/** A button (a form with hidden fields and no state): it redirects when done. */
function buttonAction<A extends Auth, S extends z.ZodType>(
  options: ActionOptions<A, S>,
  handler: Handler<A, S, void>,
): (formData: FormData) => Promise<void> {
  assertStrict(options);
  return async (formData) => {
    const outcome = await run(options, readForm(formData, options), handler);
    if (outcome.ok) return;
    const { refusal } = outcome;
    // Hidden fields the page wrote do not fail to parse unless tampered with: as unknown as a missing record.
    if (refusal.kind === 'invalid' || refusal.kind === 'not-found') notFound();
    await showRefusal(refusal.message);
  };
}

/** Called from the page's own code (a security key's first step): the handler's result, or the form's state. */
function resultAction<A extends Auth, S extends z.ZodType, R extends object>(
  options: ActionOptions<A, S>,
  handler: Handler<A, S, R>,
): (formData: FormData) => Promise<R | { state: FormState }> {
  assertStrict(options);
  return async (formData) => {
    const fields = readForm(formData, options);
    const outcome = await run(options, fields, handler);
    return outcome.ok ? outcome.value : { state: formStateOf(outcome.refusal, fields, options.opaque) };
  };
}

export const action = Object.assign(formAction, { button: buttonAction, result: resultAction });
