/**
 * The action wrapper's contract, shape by shape: what a form, a button and a
 * page-called action answer for good input, bad input, each kind of refusal,
 * a fault, a redirect, and a request from another site. The request (headers,
 * cookies, context) is faked here; tests/integration/action-refusals.test.ts
 * runs the real actions against a database.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';

const request = vi.hoisted(() => ({
  headers: new Headers(),
  cookies: new Map<string, string>(),
  signedIn: true,
  root: false,
  ctxResolved: 0,
}));

vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => void request.cookies.set(name, value),
  }),
}));

const USER_CTX = { school: { id: 's', slug: 'a' }, user: { id: 'u' }, meta: { ip: null, userAgent: null } };
vi.mock('@/lib/http/context', async () => {
  const { redirect: to } = await import('next/navigation');
  return {
    requireUserCtx: async () => {
      request.ctxResolved++;
      if (!request.signedIn) to('/login');
      return USER_CTX;
    },
    getCtx: async () => {
      request.ctxResolved++;
      return { ...USER_CTX, user: request.signedIn ? USER_CTX.user : null };
    },
    getRequestMeta: async () => USER_CTX.meta,
    isRootDomainRequest: async () => request.root,
  };
});

const { action, CORRECT_FIELDS, NOT_ON_ROOT, OTHER_SITE, refusesUnknownFields } = await import('@/lib/http/action');
const { REFUSAL_COOKIE, REFUSAL_PATH } = await import('@/lib/http/refusal');

beforeAll(() => setConfigForTests(parseConfig({ NODE_ENV: 'test', APP_ROOT_DOMAIN: 'haven.test' })));
afterAll(() => setConfigForTests(undefined));
beforeEach(() => {
  request.headers = new Headers({ host: 'a.haven.test', origin: 'https://a.haven.test' });
  request.cookies.clear();
  request.signedIn = true;
  request.root = false;
  request.ctxResolved = 0;
});

function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  // What Next.js adds to every form posted to an action: never part of the input.
  fd.set('$ACTION_ID_7f3a', '');
  fd.set('$ACTION_KEY', 'k1');
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) fd.append(k, one);
  return fd;
}

/** What a call did: returned a value, redirected, or answered 404. */
async function outcome<T>(call: Promise<T>): Promise<{ returned: T } | { redirect: string } | { notFound: true }> {
  try {
    return { returned: await call };
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';')[2]! };
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return { notFound: true };
    throw e;
  }
}

const input = z.strictObject({ name: z.string().trim().min(2, 'Too short.'), password: z.string().optional() });
const none = { values: {}, fieldErrors: {} };

describe('an action’s input', () => {
  it('must refuse unknown fields, checked when the action is defined', () => {
    const strict = z.strictObject({ name: z.string() });
    for (const schema of [
      strict,
      strict.refine(() => true),
      strict.transform((v) => v),
      z.preprocess((v) => v, strict),
      z.union([strict, z.strictObject({ id: z.uuid() })]),
    ]) {
      expect(refusesUnknownFields(schema)).toBe(true);
    }
    for (const schema of [
      z.object({ name: z.string() }),
      z.looseObject({ name: z.string() }),
      z.preprocess((v) => v, z.object({})),
      z.union([strict, z.object({})]),
      z.record(z.string(), z.string()),
      z.any(),
    ]) {
      expect(refusesUnknownFields(schema)).toBe(false);
      expect(() => action({ auth: 'signed-in', input: schema }, async () => undefined)).toThrow(/strict object/);
      expect(() => action.button({ auth: 'signed-in', input: schema }, async () => undefined)).toThrow(/strict object/);
      expect(() => action.result({ auth: 'signed-in', input: schema }, async () => ({}))).toThrow(/strict object/);
    }
  });
});

describe('a form', () => {
  it('hands the handler the context and the parsed input, and returns its state', async () => {
    const handler = vi.fn(async (_ctx: unknown, _data: unknown) => ({ ...none, message: 'Saved.', done: true }));
    const save = action({ auth: 'signed-in', input }, handler);
    expect(await save({ ...none, message: null }, form({ name: '  Ada ' }))).toEqual({
      ...none,
      message: 'Saved.',
      done: true,
    });
    expect(handler).toHaveBeenCalledWith(USER_CTX, { name: 'Ada' });
  });

  it('puts a zod error next to its field, keeps what was typed but never a password, and calls nothing', async () => {
    const handler = vi.fn(async () => undefined);
    const save = action({ auth: 'signed-in', input }, handler);
    const state = await save({ ...none, message: null }, form({ name: 'A', password: 'hunter22' }));
    expect(state).toEqual({ values: { name: 'A' }, fieldErrors: { name: ['Too short.'] }, message: CORRECT_FIELDS });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a field the schema does not name (no mass assignment)', async () => {
    const handler = vi.fn(async () => undefined);
    const save = action({ auth: 'signed-in', input }, handler);
    const state = await save({ ...none, message: null }, form({ name: 'Ada', isAdmin: '1' }));
    expect(state.fieldErrors).toEqual({ form: ['Unexpected field.'] });
    expect(handler).not.toHaveBeenCalled();
    // Even one named like an object's own machinery.
    const sneaky = form({ name: 'Ada' });
    sneaky.append('__proto__', 'x');
    expect((await save({ ...none, message: null }, sneaky)).fieldErrors).toEqual({ form: ['Unexpected field.'] });
  });

  it('maps a zod error thrown inside the handler (a service parsing again) to field errors', async () => {
    const save = action({ auth: 'signed-in', input }, async () => {
      z.strictObject({ name: z.string().max(1, 'At most one letter.') }).parse({ name: 'Ada' });
    });
    expect(await save({ ...none, message: null }, form({ name: 'Ada' }))).toEqual({
      values: { name: 'Ada' },
      fieldErrors: { name: ['At most one letter.'] },
      message: CORRECT_FIELDS,
    });
  });

  it('shows a refusal’s own message, and its field errors', async () => {
    const cases: [Error, string, Record<string, string[]>][] = [
      [new NotAllowedError('Use your key to do this.'), 'Use your key to do this.', {}],
      [new NotFoundError('incident'), 'That incident could not be found.', {}],
      [new UserError('Choose another name.', { name: ['Taken.'] }), 'Choose another name.', { name: ['Taken.'] }],
    ];
    for (const [error, message, fieldErrors] of cases) {
      const save = action({ auth: 'signed-in', input }, async () => {
        throw error;
      });
      expect(await save({ ...none, message: null }, form({ name: 'Ada', password: 'p' }))).toEqual({
        values: { name: 'Ada' },
        fieldErrors,
        message,
      });
    }
  });

  it('turns any other error into a generic message with a reference the log has, never the detail', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const save = action({ auth: 'signed-in', input }, async () => {
        throw new Error('relation "incidents" violates constraint incidents_pkey');
      });
      const state = await save({ ...none, message: null }, form({ name: 'Ada' }));
      expect(state.message).toMatch(
        /^Something went wrong and nothing was saved\. Please try again \(reference [0-9a-f]{8}\)\.$/,
      );
      expect(state.message).not.toContain('incidents');
      expect(state.values).toEqual({ name: 'Ada' });
      const ref = state.message!.match(/reference ([0-9a-f]{8})/)![1]!;
      expect(String(log.mock.calls[0]![0])).toContain(ref);
    } finally {
      log.mockRestore();
    }
  });

  it('lets redirect() through', async () => {
    const save = action({ auth: 'signed-in', input }, async () => redirect('/done'));
    expect(await outcome(save({ ...none, message: null }, form({ name: 'Ada' })))).toEqual({ redirect: '/done' });
  });

  it('refuses another site’s request, or one without an Origin, before resolving anyone', async () => {
    for (const origin of ['https://evil.example', 'https://b.haven.test', 'http://a.haven.test', null]) {
      request.headers = new Headers({ host: 'a.haven.test', ...(origin ? { origin } : {}) });
      const handler = vi.fn(async () => undefined);
      const save = action({ auth: 'signed-in', input }, handler);
      expect(await save({ ...none, message: null }, form({ name: 'Ada' }))).toEqual({
        values: { name: 'Ada' },
        fieldErrors: {},
        message: OTHER_SITE,
      });
      expect(handler).not.toHaveBeenCalled();
    }
    expect(request.ctxResolved).toBe(0);
  });

  it('sends a signed-out person to sign in, before reading the form', async () => {
    request.signedIn = false;
    const handler = vi.fn(async () => undefined);
    const save = action({ auth: 'signed-in', input }, handler);
    expect(await outcome(save({ ...none, message: null }, form({ name: '' })))).toEqual({ redirect: '/login' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('gives a signed-out action the school with nobody signed in', async () => {
    request.signedIn = false;
    const handler = vi.fn(async (_ctx: unknown, _data: unknown) => undefined);
    const signIn = action({ auth: 'signed-out', input }, handler);
    expect(await signIn({ ...none, message: null }, form({ name: 'Ada' }))).toEqual({
      ...none,
      message: null,
      done: true,
    });
    expect(handler.mock.calls[0]![0]).toMatchObject({ school: USER_CTX.school, user: null });
  });

  it('answers a root-domain action on a school’s host with a refusal, and gives it the root session on the root', async () => {
    const handler = vi.fn(async (_ctx: unknown, _data: unknown) => undefined);
    const rootForm = action({ auth: 'root', input }, handler);
    expect((await rootForm({ ...none, message: null }, form({ name: 'Ada' }))).message).toBe(NOT_ON_ROOT);
    expect(handler).not.toHaveBeenCalled();
    request.root = true;
    request.headers = new Headers({ host: 'haven.test', origin: 'https://haven.test' });
    request.cookies.set('__Host-haven-root', 'root-token');
    await rootForm({ ...none, message: null }, form({ name: 'Ada' }));
    expect(handler.mock.calls[0]![0]).toEqual({ meta: USER_CTX.meta, rootToken: 'root-token' });
  });

  it('joins repeated fields: with commas, or one per line for values that may hold commas', async () => {
    const handler = vi.fn(async (_ctx: unknown, _data: unknown) => undefined);
    const save = action(
      {
        auth: 'signed-in',
        input: z.strictObject({ ids: z.string(), groups: z.string(), note: z.string() }),
        repeated: ['ids'],
        repeatedLines: ['groups'],
      },
      handler,
    );
    await save({ ...none, message: null }, form({ ids: ['a', '', 'b'], groups: ['7A, 7B', 'Year 8'], note: 'x' }));
    expect(handler.mock.calls[0]![1]).toEqual({ ids: 'a,b', groups: '7A, 7B\nYear 8', note: 'x' });
  });

  it('never echoes an opaque field, and turns its problem into the form’s message', async () => {
    const save = action(
      {
        auth: 'signed-in',
        input: z.strictObject({ name: z.string().min(1, 'Name it.'), response: z.string().startsWith('{') }),
        opaque: { response: 'The key’s answer could not be read.' },
      },
      async () => undefined,
    );
    expect(await save({ ...none, message: null }, form({ name: '', response: 'garbage' }))).toEqual({
      values: { name: '' },
      fieldErrors: { name: ['Name it.'] },
      message: 'The key’s answer could not be read.',
    });
  });
});

describe('a button', () => {
  const pin = (handler: () => Promise<void>) =>
    action.button({ auth: 'signed-in', input: z.strictObject({ incidentId: z.uuid() }) }, handler);
  const ID = '8d2f9a8e-6c1b-4d5e-9f3a-2b7c4d6e8f01';

  it('redirects when done', async () => {
    expect(await outcome(pin(async () => redirect('/incidents/x?done=pinned'))(form({ incidentId: ID })))).toEqual({
      redirect: '/incidents/x?done=pinned',
    });
    expect(request.cookies.has(REFUSAL_COOKIE)).toBe(false);
  });

  it('answers a record that cannot be found, or tampered hidden fields, with the 404 page', async () => {
    const notFound = pin(async () => {
      throw new NotFoundError('incident');
    });
    expect(await outcome(notFound(form({ incidentId: ID })))).toEqual({ notFound: true });
    const handler = vi.fn(async () => undefined);
    expect(await outcome(pin(handler)(form({ incidentId: 'not-an-id' })))).toEqual({ notFound: true });
    expect(await outcome(pin(handler)(form({ incidentId: ID, pinned: '1' })))).toEqual({ notFound: true });
    expect(handler).not.toHaveBeenCalled();
    // A zod error from inside (a service parsing again) is the same 404, not a 500.
    const reparse = pin(async () => {
      z.uuid().parse('nope');
    });
    expect(await outcome(reparse(form({ incidentId: ID })))).toEqual({ notFound: true });
  });

  it('shows any other refusal’s message on the refusal page', async () => {
    const refused = pin(async () => {
      throw new NotAllowedError('Use your key to do this.');
    });
    expect(await outcome(refused(form({ incidentId: ID })))).toEqual({ redirect: REFUSAL_PATH });
    expect(request.cookies.get(REFUSAL_COOKIE)).toBe('Use your key to do this.');
  });

  it('shows a fault as a reference on the refusal page, never the error page', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const broken = pin(async () => {
        throw new TypeError('Cannot read properties of undefined');
      });
      expect(await outcome(broken(form({ incidentId: ID })))).toEqual({ redirect: REFUSAL_PATH });
      expect(request.cookies.get(REFUSAL_COOKIE)).toMatch(
        /^Something went wrong and nothing was saved\. Please try again \(reference [0-9a-f]{8}\)\.$/,
      );
    } finally {
      log.mockRestore();
    }
  });

  it('refuses another site’s request with its message, and does nothing', async () => {
    request.headers = new Headers({ host: 'a.haven.test', origin: 'https://evil.example' });
    const handler = vi.fn(async () => undefined);
    expect(await outcome(pin(handler)(form({ incidentId: ID })))).toEqual({ redirect: REFUSAL_PATH });
    expect(request.cookies.get(REFUSAL_COOKIE)).toBe(OTHER_SITE);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('an action the page’s code calls', () => {
  const start = (handler: () => Promise<{ options: string }>) =>
    action.result({ auth: 'signed-in', input: z.strictObject({ name: z.string().min(1, 'Name it.') }) }, handler);

  it('returns the handler’s result', async () => {
    expect(await start(async () => ({ options: 'challenge' }))(form({ name: 'Phone' }))).toEqual({
      options: 'challenge',
    });
  });

  it('returns the form’s state when refused', async () => {
    expect(await start(async () => ({ options: 'x' }))(form({ name: '' }))).toEqual({
      state: { values: { name: '' }, fieldErrors: { name: ['Name it.'] }, message: CORRECT_FIELDS },
    });
    const refused = start(async () => {
      throw new NotAllowedError('To change your keys, first use a key you already have.');
    });
    expect(await refused(form({ name: 'Phone' }))).toEqual({
      state: {
        values: { name: 'Phone' },
        fieldErrors: {},
        message: 'To change your keys, first use a key you already have.',
      },
    });
  });
});
