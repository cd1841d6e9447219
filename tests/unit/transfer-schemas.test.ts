/** The transfer preferences input: what the Manage preferences form sends, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { transferPreferencesInput } from '@/lib/transfers/schema';

const A = '0b6f8e34-3c1d-4f7a-9a52-1f2e3d4c5b6a';
const B = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('transferPreferencesInput', () => {
  it('reads the ticked boxes as the form sends them: one comma-joined field', () => {
    expect(transferPreferencesInput.parse({ categoryIds: `${A},${B.toUpperCase()},${A}` })).toEqual({
      categoryIds: [A, B],
    });
  });

  it('reads a list, and nothing ticked as none', () => {
    expect(transferPreferencesInput.parse({ categoryIds: [A] })).toEqual({ categoryIds: [A] });
    expect(transferPreferencesInput.parse({})).toEqual({ categoryIds: [] });
  });

  it('refuses a value that is not a category id, and unknown fields', () => {
    expect(transferPreferencesInput.safeParse({ categoryIds: `${A},not-an-id` }).success).toBe(false);
    expect(transferPreferencesInput.safeParse({ categoryIds: A, schoolId: B }).success).toBe(false);
  });
});
