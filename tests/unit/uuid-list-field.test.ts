import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidListField } from '@/lib/ids';

const field = uuidListField(3, 'Choose at most 3.', 'Choose from the list.');
const A = '0b6c4a52-3f4e-4d1a-9a53-2f1de0c6a001';
const B = '0b6c4a52-3f4e-4d1a-9a53-2f1de0c6a002';
const C = '0b6c4a52-3f4e-4d1a-9a53-2f1de0c6a003';
const D = '0b6c4a52-3f4e-4d1a-9a53-2f1de0c6a004';

const messages = (r: z.ZodSafeParseResult<unknown>) => (r.success ? [] : r.error.issues.map((i) => i.message));

describe('uuidListField', () => {
  it('reads one comma-separated value or repeated fields, dropping blanks and repeats', () => {
    expect(field.parse(`${A}, ${B},,${A}`)).toEqual([A, B]);
    expect(field.parse([A, B, ''])).toEqual([A, B]);
    expect(field.parse(undefined)).toEqual([]);
    expect(field.parse('')).toEqual([]);
  });

  it('lower-cases ids so they compare with stored ones', () => {
    expect(field.parse(A.toUpperCase())).toEqual([A]);
    expect(field.parse([A.toUpperCase(), A])).toEqual([A]);
  });

  it('refuses something that is not an id with the caller’s message', () => {
    expect(messages(field.safeParse(`${A},1 OR 1=1`))).toEqual(['Choose from the list.']);
  });

  it('refuses more than the limit, and a forged megabyte before splitting it', () => {
    expect(messages(field.safeParse([A, B, C, D]))).toEqual(['Choose at most 3.']);
    expect(messages(field.safeParse(`${A},`.repeat(100_000)))).toEqual(['Choose at most 3.']);
  });
});
