import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { and, eq } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { auditLog } from '@/db/schema';
import {
  bindingOf,
  exchangeSwitchCode,
  issueSwitchCode,
  listMySchools,
  newSwitchNonce,
  samePageElsewhere,
  switchIssueUrl,
  switchStartUrl,
  type SwitchExchange,
} from '@/lib/auth/school-switch';
import { resolveSession } from '@/lib/auth/sessions';
import type { School } from '@/lib/tenancy/context';

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
  ssoId = await makeUser({
    email: 'sso@switch.test',
    displayName: 'Sol Both',
    memberships: { 'switch-a': 'DSL', 'switch-b': 'Pastoral' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  aOnlyId = await makeUser({ email: 'only@switch.test', displayName: 'Ona Only', memberships: { 'switch-a': 'DSL' } });
});

const codeOf = (url: string) => new URL(url).searchParams.get('code')!;
// The asking browser's nonce, as the target's /switch/start would have set it.
const nonce = newSwitchNonce();
const bind = bindingOf(nonce);
const tokenOf = (r: SwitchExchange) => (r.ok ? r.token : expect.unreachable(`refused: ${r.reason}`));

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
    const url = await issueSwitchCode(ctx, 'switch-b', '/account/security', bind);
    expect(url).toMatch(/^http:\/\/switch-b\.localhost:3000\/switch\?code=[A-Za-z0-9_-]{43}$/);
    const result = await exchangeSwitchCode(b, codeOf(url), nonce, meta);
    expect(result).toMatchObject({ ok: true, nextPath: '/account/security' });
    const user = await resolveSession(b.id, tokenOf(result), new Date());
    expect(user).toMatchObject({ id: ssoId, userGroupName: 'Pastoral', elevated: true });
    expect(await exchangeSwitchCode(b, codeOf(url), nonce, meta)).toEqual({ ok: false, reason: 'invalid' }); // used once

    // Without the key in the school being left, none in the next.
    const { ctx: plain } = await signedIn(a, ssoId);
    const again = await exchangeSwitchCode(b, codeOf(await issueSwitchCode(plain, 'switch-b', '/', bind)), nonce, meta);
    expect((await resolveSession(b.id, tokenOf(again), new Date()))?.elevated).toBe(false);
  });

  it('refuses a late code, a code at the wrong school, and a school the person is not in', async () => {
    const { ctx } = await signedIn(a, ssoId);
    const now = new Date();
    const late = await issueSwitchCode(ctx, 'switch-b', '/', bind, now);
    expect(await exchangeSwitchCode(b, codeOf(late), nonce, meta, new Date(now.getTime() + 31_000))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const elsewhere = await issueSwitchCode(ctx, 'switch-b', '/', bind);
    expect(await exchangeSwitchCode(c, codeOf(elsewhere), nonce, meta)).toEqual({ ok: false, reason: 'invalid' });
    await expect(issueSwitchCode(ctx, 'switch-c', '/', bind)).rejects.toThrow('That school could not be found.');
    await expect(issueSwitchCode(ctx, 'no-such-school', '/', bind)).rejects.toThrow('That school could not be found.');
    await expect(issueSwitchCode(ctx, 'switch-b', '/', 'not-a-hash')).rejects.toThrow(
      'That school could not be found.',
    );
  });

  it('refuses a code opened in any browser but the one that asked for it (login CSRF), and spends it', async () => {
    // The attacker belongs to both schools and mints a code in their own browser…
    const { ctx: attacker } = await signedIn(a, ssoId);
    const attackerNonce = newSwitchNonce();
    const url = await issueSwitchCode(attacker, 'switch-b', '/', bindingOf(attackerNonce));
    const victimMeta = { ip: '203.0.113.77', userAgent: 'victim' };
    // …and sends someone else's browser to it: one with no nonce, then one with a nonce of its own.
    expect(await exchangeSwitchCode(b, codeOf(url), null, victimMeta)).toEqual({ ok: false, reason: 'other_browser' });
    const url2 = await issueSwitchCode(attacker, 'switch-b', '/', bindingOf(attackerNonce));
    expect(await exchangeSwitchCode(b, codeOf(url2), newSwitchNonce(), victimMeta)).toEqual({
      ok: false,
      reason: 'other_browser',
    });
    expect(await exchangeSwitchCode(b, codeOf(url2), 'x'.repeat(43), victimMeta)).toEqual({
      ok: false,
      reason: 'invalid',
    }); // spent
    // The refused code is spent: not even the attacker's own browser can use it now.
    expect(await exchangeSwitchCode(b, codeOf(url), attackerNonce, meta)).toEqual({ ok: false, reason: 'invalid' });
    // The school's security log names the attempt, from the victim's address.
    const refused = await privileged('platform-console', 'test', (tx) =>
      tx
        .select({ ip: auditLog.ip, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, b.id), eq(auditLog.action, 'auth.school_switch_refused'))),
    );
    expect(refused).toEqual([
      { ip: '203.0.113.77', actor: ssoId },
      { ip: '203.0.113.77', actor: ssoId },
    ]);
  });

  it('sends the browser to the target first, and back only to a Haven school or the root domain', () => {
    expect(switchStartUrl(b, { school: 'switch-a' }, '/students/0195f0c2-1111-7000-8000-000000000000')).toBe(
      'http://switch-b.localhost:3000/switch/start?back=switch-a&path=%2Fstudents',
    );
    expect(switchStartUrl(b, 'root', '/')).toBe('http://switch-b.localhost:3000/switch/start?back=&path=%2F');
    expect(switchIssueUrl(a, b, bind, '/\\evil.example')).toBe(
      `http://switch-a.localhost:3000/switch/issue?to=switch-b&bind=${bind}&path=%2F`,
    );
    expect(switchIssueUrl('root', b, bind, '/')).toBe(`http://localhost:3000/sign-in/open?to=switch-b&bind=${bind}`);
  });

  it('keeps the kind of page, never a record id or an outside address', () => {
    expect(samePageElsewhere('/')).toBe('/');
    expect(samePageElsewhere('/account/security')).toBe('/account/security');
    expect(samePageElsewhere('/students/0195f0c2-1111-7000-8000-000000000000/incidents')).toBe('/students');
    expect(samePageElsewhere('//evil.example/x')).toBe('/');
    expect(samePageElsewhere('https://evil.example/')).toBe('/');
    expect(samePageElsewhere('/admin/users?q=x')).toBe('/admin/users');
    expect(samePageElsewhere('/\\evil.example')).toBe('/');
    expect(samePageElsewhere('/%2F%2Fevil.example')).toBe('/');
  });
});
