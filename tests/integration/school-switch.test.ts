import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { exchangeSwitchCode, issueSwitchCode, listMySchools, samePageElsewhere } from '@/lib/auth/school-switch';
import { resolveSession } from '@/lib/auth/sessions';
import type { School } from '@/lib/schools/types';

withTestDatabase();

const meta = { ip: '198.51.100.5', userAgent: 'vitest' };
let a: School;
let b: School;
let c: School;
let ssoId: string;
let aOnlyId: string;

beforeAll(async () => {
  a = await makeSchool('switch-a', 'Ash Academy');
  b = await makeSchool('switch-b', 'Birch Primary');
  c = await makeSchool('switch-c', 'Cedar School');
  ssoId = await makeUser({ email: 'sso@switch.test', displayName: 'Sol Both', memberships: { 'switch-a': 'DSL', 'switch-b': 'Pastoral' }, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  aOnlyId = await makeUser({ email: 'only@switch.test', displayName: 'Ona Only', memberships: { 'switch-a': 'DSL' } });
});

const codeOf = (url: string) => new URL(url).searchParams.get('code')!;

describe('school switcher', () => {
  it('lists only the person’s own active schools', async () => {
    const { ctx } = await signedIn(a, ssoId);
    expect(await listMySchools(ctx)).toEqual([
      { slug: 'switch-a', name: 'Ash Academy', current: true },
      { slug: 'switch-b', name: 'Birch Primary', current: false },
    ]);
    const { ctx: only } = await signedIn(a, aOnlyId);
    expect((await listMySchools(only)).map((s) => s.slug)).toEqual(['switch-a']);
  });

  it('moves to the other school with a one-time code, keeping the kind of page and the key', async () => {
    const { ctx } = await signedIn(a, ssoId, { elevated: true });
    expect(ctx.user.elevated).toBe(true);
    const url = await issueSwitchCode(ctx, 'switch-b', '/account/security');
    expect(url).toMatch(/^http:\/\/switch-b\.localhost:3000\/switch\?code=[A-Za-z0-9_-]{43}$/);
    const result = await exchangeSwitchCode(b, codeOf(url), meta);
    expect(result?.nextPath).toBe('/account/security');
    const user = await resolveSession(b.id, result!.token, new Date());
    expect(user).toMatchObject({ id: ssoId, userGroupName: 'Pastoral', elevated: true });
    expect(await exchangeSwitchCode(b, codeOf(url), meta)).toBeNull(); // used once

    // Without the key in the school being left, none in the next.
    const { ctx: plain } = await signedIn(a, ssoId);
    const again = await exchangeSwitchCode(b, codeOf(await issueSwitchCode(plain, 'switch-b', '/')), meta);
    expect((await resolveSession(b.id, again!.token, new Date()))?.elevated).toBe(false);
  });

  it('refuses a late code, a code at the wrong school, and a school the person is not in', async () => {
    const { ctx } = await signedIn(a, ssoId);
    const now = new Date();
    const late = await issueSwitchCode(ctx, 'switch-b', '/', now);
    expect(await exchangeSwitchCode(b, codeOf(late), meta, new Date(now.getTime() + 31_000))).toBeNull();
    const elsewhere = await issueSwitchCode(ctx, 'switch-b', '/');
    expect(await exchangeSwitchCode(c, codeOf(elsewhere), meta)).toBeNull();
    await expect(issueSwitchCode(ctx, 'switch-c', '/')).rejects.toThrow('That school could not be found.');
    await expect(issueSwitchCode(ctx, 'no-such-school', '/')).rejects.toThrow('That school could not be found.');
  });

  it('keeps the kind of page, never a record id or an outside address', () => {
    expect(samePageElsewhere('/')).toBe('/');
    expect(samePageElsewhere('/account/security')).toBe('/account/security');
    expect(samePageElsewhere('/students/0195f0c2-1111-7000-8000-000000000000/incidents')).toBe('/students');
    expect(samePageElsewhere('//evil.example/x')).toBe('/');
    expect(samePageElsewhere('https://evil.example/')).toBe('/');
    expect(samePageElsewhere('/admin/users?q=x')).toBe('/admin/users');
  });
});
