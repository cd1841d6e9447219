/**
 * The database's "duplicate" answered as the check before it answers: one
 * helper for user groups, alert groups and addresses (lib/admin/db-errors.ts).
 */
import { describe, expect, it } from 'vitest';
import { duplicateRefusal, refusingDuplicates } from '@/lib/admin/db-errors';
import { UserError } from '@/lib/errors';

/** As Drizzle hands it on: the driver's error as the cause. */
const wrapped = (code: string, constraint: string) =>
  Object.assign(new Error('Failed query'), {
    cause: Object.assign(new Error(`violates "${constraint}"`), { code, constraint }),
  });
const refusal = { message: 'Another user group already has this name.', field: 'name' };

describe('duplicate refusal', () => {
  it('answers a duplicate on the named index with the refusal, by its field', async () => {
    const e = await refusingDuplicates('user_groups_school_name_key', refusal, async () => {
      throw wrapped('23505', 'user_groups_school_name_key');
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe(refusal.message);
    expect((e as UserError).fieldErrors).toEqual({ name: [refusal.message] });
  });

  it('puts a longer message by the field when one is given', () => {
    const e = duplicateRefusal(wrapped('23505', 'users_email_key'), 'users_email_key', {
      message: 'That address is taken.',
      field: 'email',
      fieldMessage: 'Used by another account.',
    });
    expect((e as UserError).fieldErrors).toEqual({ email: ['Used by another account.'] });
  });

  it('leaves any other failure as it was: another index, another error, success', async () => {
    const other = wrapped('23505', 'alert_groups_school_live_name_key');
    expect(duplicateRefusal(other, 'user_groups_school_name_key', refusal)).toBe(other);
    const fk = wrapped('23503', 'user_groups_school_name_key');
    expect(duplicateRefusal(fk, 'user_groups_school_name_key', refusal)).toBe(fk);
    await expect(refusingDuplicates('x', refusal, async () => 7)).resolves.toBe(7);
  });
});
