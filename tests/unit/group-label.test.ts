/**
 * One label for a pupil's groups wherever pupils are listed (lists, search,
 * suggestions, linked pupils on the profile): the tutor group first, as staff
 * know pupils by their form, and "No group" said rather than left blank.
 */
import { describe, expect, it } from 'vitest';
import { groupLabel } from '@/lib/students/group-label';
import { groupLabel as fromEntry } from '@/lib/students';
import { groupLabel as fromQueries } from '@/lib/students/queries';

describe('groupLabel', () => {
  it.each([
    [{ tutorGroup: '7A', yearGroup: 'Year 7' }, '7A · Year 7'],
    [{ tutorGroup: '7A', yearGroup: null }, '7A'],
    [{ tutorGroup: null, yearGroup: 'Year 7' }, 'Year 7'],
    [{ tutorGroup: null, yearGroup: null }, 'No group'],
    [{ tutorGroup: '', yearGroup: '' }, 'No group'],
  ])('%o reads "%s"', (pupil, label) => {
    expect(groupLabel(pupil)).toBe(label);
  });

  it('is the same function from every entry of lib/students', () => {
    expect(fromEntry).toBe(groupLabel);
    expect(fromQueries).toBe(groupLabel);
  });
});
