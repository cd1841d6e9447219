import { describe, expect, it } from 'vitest';
import { formatPupilName, maskName } from '@/lib/students/names';

describe('hide names mode', () => {
  it.each([
    ['Zoë', 'Z***'],
    ["O'Brien", "O'B***"],
    ['O’Neill', 'O’N***'],
    ['Ní Bhriain', 'N*** B***'],
    ['Taylor-Jones', 'T***-J***'],
    ['Łukasz', 'Ł***'],
    ['J', 'J***'],
    ['Al-Hassan', 'A***-H***'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('masks both names in either order', () => {
    const zoe = {
      legalForename: 'Zoë',
      legalSurname: "O'Brien",
      preferredForename: 'Zoë',
      preferredSurname: "O'Brien",
    };
    expect(formatPupilName(zoe, { source: 'preferred', order: 'first-last', hidden: true })).toBe("Z*** O'B***");
    expect(formatPupilName(zoe, { source: 'legal', order: 'last-first', hidden: true })).toBe("O'B***, Z***");
  });
});
