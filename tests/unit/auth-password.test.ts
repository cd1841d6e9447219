/**
 * Password hashing and the new-password rule: argon2id parameters, no
 * truncation, Unicode normalisation, and strength checks with the person's
 * own details penalised.
 */
import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMS,
  DUMMY_PASSWORD_HASH,
  checkNewPassword,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '@/lib/auth/password';

describe('hashPassword / verifyPassword', () => {
  it('round-trips and refuses a wrong password', async () => {
    const hash = await hashPassword('a long and private phrase');
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(hash, 'a long and private phrase')).toBe(true);
    expect(await verifyPassword(hash, 'a long and private phrase ')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password twice')).not.toBe(await hashPassword('same password twice'));
  });

  it('does not truncate long passwords', async () => {
    const long = 'abcdefghij'.repeat(20); // 200 characters
    const lastChanged = `${long.slice(0, -1)}k`;
    const hash = await hashPassword(long);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, lastChanged)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password (NFC)', async () => {
    const composed = 'caf\u00e9 au lait for the staff room';
    const decomposed = 'cafe\u0301 au lait for the staff room';
    const hash = await hashPassword(composed);
    expect(await verifyPassword(hash, decomposed)).toBe(true);
  });

  it('spends the same work on a dummy hash when there is no stored hash, and never succeeds', async () => {
    const dummy = await DUMMY_PASSWORD_HASH();
    expect(await DUMMY_PASSWORD_HASH()).toBe(dummy); // computed once
    const o = parseOptions(dummy);
    expect([o.algorithm, o.memoryCost, o.timeCost, o.parallelism]).toEqual([2, 19_456, 2, 1]);
    expect(needsRehash(dummy)).toBe(false);
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword(null, '')).toBe(false);
  });

  it('throws on a stored hash that cannot be read rather than calling it a wrong password', async () => {
    await expect(verifyPassword('not-a-hash', 'x')).rejects.toThrow(/could not be read/);
  });

  it('flags hashes made with other parameters for rehashing', async () => {
    expect(ARGON2_PARAMS).toEqual({ algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(needsRehash(await hashPassword('current parameters'))).toBe(false);
    expect(
      needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$Q0SvhF2mEnjK8o3n3sh8Es3Ur0z0gvOr4JLJyC5b2Vg'),
    ).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('checkNewPassword', () => {
  const jane = ['jane.smith@northfield.sch.uk', 'Jane Smith', 'Northfield Academy'];

  it('asks for at least 12 characters, counting code points', () => {
    expect(checkNewPassword('short', [])).toEqual({ ok: false, message: 'Use at least 12 characters.' });
    // 11 emoji are 22 UTF-16 units but 11 characters to the person typing them.
    expect(checkNewPassword('🦊'.repeat(11), [])).toEqual({ ok: false, message: 'Use at least 12 characters.' });
  });

  it('accepts up to 256 characters and refuses more, without truncating', () => {
    const words = 'quiet otter paints violet lanterns beside the harbour wall ';
    const long = words.repeat(5).slice(0, 256);
    expect([...long].length).toBe(256);
    expect(checkNewPassword(long, [])).toEqual({ ok: true });
    expect(checkNewPassword(`${long}x`, [])).toEqual({ ok: false, message: 'Use no more than 256 characters.' });
  });

  it.each(['password12345', 'Password1234!', 'qwertyuiop123', 'abcdefghijkl', '111111111111'])(
    'refuses the common or patterned %s with a plain explanation',
    (password) => {
      const result = checkNewPassword(password, jane);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(/^This password is too easy to guess: /);
        expect(result.message).not.toMatch(/zxcvbn|score|entropy/i);
      }
    },
  );

  it('explains a common password in plain words', () => {
    expect(checkNewPassword('password12345', [])).toEqual({
      ok: false,
      message:
        'This password is too easy to guess: this is similar to a commonly used password. Add more words that are less common.',
    });
  });

  it("refuses the person's own email address", () => {
    const result = checkNewPassword('jane.smith@northfield.sch.uk', jane);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/your name, your email address or your school's name/),
    });
  });

  it("refuses a password built from the person's name and school, which is fine for someone else", () => {
    for (const password of ['janesmithnorthfield', 'JaneSmith Northfield', 'NorthfieldAcademy2024', 'smithjane12345']) {
      expect(checkNewPassword(password, jane), password).toMatchObject({ ok: false });
    }
    expect(checkNewPassword('janesmithnorthfield', [])).toEqual({ ok: true });
  });

  it('accepts a long passphrase, even one that mentions the school', () => {
    expect(checkNewPassword('purple tractor whistles at midnight', jane)).toEqual({ ok: true });
    expect(checkNewPassword('northfield owls juggle seven blue kettles', jane)).toEqual({ ok: true });
  });

  it('has no composition rules: lower-case words alone are enough', () => {
    expect(checkNewPassword('granite pelican orchestra umbrella', [])).toEqual({ ok: true });
  });
});
