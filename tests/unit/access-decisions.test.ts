/**
 * The decisions pages and services used to make for themselves: a new
 * incident as submitted (one call for categories, linked copies, assignment
 * and pupils), whom the assignee list offers, the add form's pupil search,
 * how a refused pupil is answered, and what pages say about the key.
 */
import { describe, expect, it } from 'vitest';
import {
  can,
  decide,
  decideIncidentSubmission,
  groupMayUseKey,
  keyStatus,
  makeAccessSubject,
  mayBeAssigned,
  pupilRefusal,
  type AccessSubject,
  type AccessSubjectInput,
  type IncidentSubmission,
  type StudentResource,
} from '@/lib/access';
import { type SystemPermission } from '@/lib/access';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';

const SCHOOL = 'school-a';
const BEHAVIOUR = 'cat-behaviour';
const CP = 'cat-cp';

const permissionsOf = (group: string): SystemPermission[] =>
  DEFAULT_USER_GROUPS.find((g) => g.name === group)!.permissions;

/** A member of a default group who may add in both categories and view Behaviour. */
function member(group: string, over: Partial<AccessSubjectInput> = {}): AccessSubject {
  const keyHolder = groupMayUseKey(permissionsOf(group));
  return makeAccessSubject({
    userId: 'me',
    schoolId: SCHOOL,
    elevated: true,
    now: new Date('2025-03-10T12:00:00Z'),
    groupPermissions: permissionsOf(group),
    categoryPermissions: [
      { categoryId: BEHAVIOUR, viewStudents: keyHolder, viewIncidents: keyHolder, addIncidents: true },
      { categoryId: CP, viewStudents: false, viewIncidents: false, addIncidents: true },
    ],
    classRestrictions: 'off',
    restrictionGroups: [],
    alertedIncidentIds: [],
    studentSearchOnAddIncident: false,
    libraryForNonKeyUsers: false,
    ...over,
  });
}

const pupil = (over: Partial<StudentResource> = {}): StudentResource => ({
  schoolId: SCHOOL,
  tutorGroup: '7A',
  yearGroup: 'Year 7',
  archived: false,
  ...over,
});

const submission = (over: Partial<IncidentSubmission> = {}): IncidentSubmission => ({
  schoolId: SCHOOL,
  categoryIds: [BEHAVIOUR],
  linkedCategoryIds: [],
  assigns: false,
  pupils: [pupil()],
  ...over,
});

describe('a new incident as submitted: one decision', () => {
  const dsl = member('DSL');
  const dslWithoutKey = member('DSL', { elevated: false });
  const teacher = member('Teachers', { elevated: false });
  const teacherWithSearch = member('Teachers', { elevated: false, studentSearchOnAddIncident: true });

  it('allows what the person may do in full', () => {
    expect(
      decideIncidentSubmission(
        dsl,
        submission({
          assigns: true,
          linkedCategoryIds: [[CP], []],
          pupils: [pupil(), pupil({ tutorGroup: '8B' }), pupil()],
        }),
      ),
    ).toEqual({ allowed: true });
    expect(decideIncidentSubmission(teacherWithSearch, submission({ categoryIds: [BEHAVIOUR, CP] }))).toEqual({
      allowed: true,
    });
  });

  it('refuses categories the person may not add in, the incident’s or a linked copy’s', () => {
    const refusedCategories = { allowed: false, refused: 'categories', reason: 'not_allowed' };
    expect(decideIncidentSubmission(dsl, submission({ categoryIds: [] }))).toEqual(refusedCategories);
    expect(decideIncidentSubmission(dsl, submission({ categoryIds: ['cat-unknown'] }))).toEqual(refusedCategories);
    expect(
      decideIncidentSubmission(dsl, submission({ linkedCategoryIds: [['cat-unknown']], pupils: [pupil(), pupil()] })),
    ).toEqual(refusedCategories);
  });

  it('refuses an assignment unless the person is a key holder using their key', () => {
    expect(decideIncidentSubmission(dslWithoutKey, submission({ assigns: true }))).toEqual({
      allowed: false,
      refused: 'assign',
      reason: 'needs_elevation',
    });
    expect(decideIncidentSubmission(teacherWithSearch, submission({ assigns: true }))).toEqual({
      allowed: false,
      refused: 'assign',
      reason: 'not_allowed',
    });
  });

  it('answers "not found" alike for a missing pupil, another school’s and one out of reach', () => {
    const notFound = { allowed: false, refused: 'pupil', reason: 'not_found' };
    expect(decideIncidentSubmission(dsl, submission({ pupils: [pupil(), null] }))).toEqual(notFound);
    expect(decideIncidentSubmission(dsl, submission({ pupils: [pupil({ schoolId: 'school-b' })] }))).toEqual(notFound);
    expect(decideIncidentSubmission(member('SLT'), submission({ pupils: [pupil({ archived: true })] }))).toEqual(
      notFound,
    );
    // Without the school's search, a non-key user picks nobody; an unelevated key holder neither.
    expect(decideIncidentSubmission(teacher, submission())).toEqual(notFound);
    expect(decideIncidentSubmission(dslWithoutKey, submission())).toEqual(notFound);
  });

  it('decides categories first, then the assignment, then the pupils', () => {
    expect(
      decideIncidentSubmission(teacher, submission({ categoryIds: [], assigns: true, pupils: [null] })),
    ).toMatchObject({ refused: 'categories' });
    expect(decideIncidentSubmission(teacher, submission({ assigns: true, pupils: [null] }))).toMatchObject({
      refused: 'assign',
    });
  });

  it('agrees with the single decisions it is made of', () => {
    for (const s of [
      dsl,
      dslWithoutKey,
      teacher,
      teacherWithSearch,
      member('Pastoral'),
      member('Support staff', { elevated: false }),
    ]) {
      const whole = decideIncidentSubmission(s, submission({ assigns: true }));
      const parts =
        can(s, 'incident.add', { schoolId: SCHOOL, categoryIds: [BEHAVIOUR] }) &&
        can(s, 'incident.assign') &&
        can(s, 'student.pick', pupil());
      expect(whole.allowed).toBe(parts);
    }
  });
});

describe('whom an incident may be assigned to', () => {
  it.each([
    ['DSL', true],
    ['SLT', true],
    ['Pastoral', true],
    ['Teachers', false],
    ['Support staff', false],
  ])('%s: %s', (group, expected) => {
    expect(mayBeAssigned(permissionsOf(group))).toBe(expected);
  });
  it('trusts nothing it does not know in the stored value', () => {
    expect(mayBeAssigned(['superuser'])).toBe(false);
    expect(mayBeAssigned('administration')).toBe(false);
    expect(mayBeAssigned(null)).toBe(false);
  });
});

describe('the add form’s pupil search', () => {
  it('is offered exactly to those who may pick a pupil in reach', () => {
    for (const group of DEFAULT_USER_GROUPS.map((g) => g.name)) {
      for (const elevated of [true, false]) {
        for (const studentSearchOnAddIncident of [true, false]) {
          const s = member(group, { elevated, studentSearchOnAddIncident });
          expect(can(s, 'students.pick'), `${group} ${elevated} ${studentSearchOnAddIncident}`).toBe(
            can(s, 'student.pick', pupil()),
          );
        }
      }
    }
  });
  it('asks an unelevated key holder for their key when the school does not open the search', () => {
    expect(decide(member('Pastoral', { elevated: false }), 'students.pick')).toEqual({
      allowed: false,
      reason: 'needs_elevation',
    });
    expect(decide(member('Teachers', { elevated: false }), 'students.pick')).toEqual({
      allowed: false,
      reason: 'not_allowed',
    });
  });
});

describe('a refused pupil', () => {
  it('asks a key holder whose group opens pupils for their key, and tells everyone else "not found"', () => {
    expect(pupilRefusal(member('Pastoral', { elevated: false }))).toBe('needs_elevation');
    expect(pupilRefusal(member('Pastoral'))).toBe('not_found');
    expect(pupilRefusal(member('Teachers', { elevated: false }))).toBe('not_found');
    expect(
      pupilRefusal(member('Teachers', { elevated: false, groupPermissions: ['incidents.add', 'reports.run'] })),
    ).toBe('not_found');
  });
});

describe('what pages say about the key', () => {
  it.each([
    [
      { elevated: true, mayElevate: true, keyCount: 1 },
      { inUse: true, opensMore: true, offerElevation: false, keyAtHand: false, needsKeyAdded: false },
    ],
    [
      { elevated: false, mayElevate: true, keyCount: 2 },
      { inUse: false, opensMore: true, offerElevation: true, keyAtHand: true, needsKeyAdded: false },
    ],
    [
      { elevated: false, mayElevate: true, keyCount: 0 },
      { inUse: false, opensMore: true, offerElevation: true, keyAtHand: false, needsKeyAdded: true },
    ],
    [
      { elevated: false, mayElevate: false, keyCount: 1 },
      { inUse: false, opensMore: false, offerElevation: false, keyAtHand: false, needsKeyAdded: false },
    ],
  ])('%o', (facts, expected) => {
    expect(keyStatus(facts)).toEqual(expected);
  });
});
