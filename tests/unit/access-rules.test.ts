/**
 * The rules one at a time: several categories, class restrictions, archived
 * and groupless pupils, alerts before and after "mark as read", My History's
 * window, and how stored values become a subject.
 */
import { describe, expect, it } from 'vitest';
import {
  addableCategoryIds,
  can,
  decide,
  isKeyHolder,
  makeAccessSubject,
  mayAddInAll,
  parseSystemPermissions,
  viewableIncidentCategoryIds,
  viewableStudentCategoryIds,
  visibleMonitoringCategoryIds,
  type AccessSubject,
  type AccessSubjectInput,
  type IncidentResource,
  type StudentResource,
  SYSTEM_PERMISSIONS,
} from '@/lib/access';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';

const SCHOOL = 'school-a';
const ME = 'user-me';
const NOW = new Date('2025-03-10T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const BEHAVIOUR = 'cat-behaviour';
const CP = 'cat-cp';
const BULLYING = 'cat-bullying';

/** A behaviour-only key holder: may view and add Behaviour and Bullying, add Child Protection. */
function subject(over: Partial<AccessSubjectInput> = {}): AccessSubject {
  return makeAccessSubject({
    userId: ME,
    schoolId: SCHOOL,
    elevated: true,
    now: NOW,
    groupPermissions: ['students.list', 'students.details', 'incidents.add', 'incidents.edit'],
    categoryPermissions: [
      { categoryId: BEHAVIOUR, viewStudents: true, viewIncidents: true, addIncidents: true },
      { categoryId: BULLYING, viewStudents: true, viewIncidents: true, addIncidents: true },
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

/** A non-key member of staff: may add in every category, view nothing. */
function teacher(over: Partial<AccessSubjectInput> = {}): AccessSubject {
  return subject({
    elevated: false,
    groupPermissions: ['incidents.add', 'library.view'],
    categoryPermissions: [BEHAVIOUR, BULLYING, CP].map((categoryId) => ({
      categoryId,
      viewStudents: false,
      viewIncidents: false,
      addIncidents: true,
    })),
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

const incident = (over: Partial<IncidentResource> = {}): IncidentResource => ({
  id: 'inc-1',
  schoolId: SCHOOL,
  categoryIds: [BEHAVIOUR],
  authorId: 'user-other',
  createdAt: new Date(NOW.getTime() - 30 * DAY),
  studentTutorGroup: '7A',
  studentYearGroup: 'Year 7',
  studentArchived: false,
  deleted: false,
  ...over,
});

describe('an incident is visible only if every one of its categories is', () => {
  it.each([
    ['one viewable category', [BEHAVIOUR], true],
    ['two viewable categories', [BEHAVIOUR, BULLYING], true],
    ['two categories, one not viewable', [BEHAVIOUR, CP], false],
    ['a category the group has no row for', [BEHAVIOUR, 'cat-legacy'], false],
    ['no category at all (never valid; fails closed)', [], false],
  ] as const)('%s', (_label, categoryIds, expected) => {
    const s = subject();
    const inc = incident({ categoryIds: [...categoryIds] });
    for (const action of [
      'incident.view',
      'incident.edit',
      'incident.delete',
      'incident.merge',
      'action.add',
    ] as const) {
      expect(can(s, action, inc), action).toBe(expected);
    }
  });

  it('adding Child Protection to an incident hides it from a behaviour-only viewer', () => {
    const s = subject();
    const before = incident();
    expect(can(s, 'incident.view', before)).toBe(true);
    expect(decide(s, 'incident.view', { ...before, categoryIds: [BEHAVIOUR, CP] })).toEqual({
      allowed: false,
      reason: 'not_allowed',
    });
  });
});

describe('class restrictions', () => {
  const tutor7A = () => subject({ classRestrictions: 'tutor', restrictionGroups: ['7A'] });
  const year8 = () => subject({ classRestrictions: 'year', restrictionGroups: ['Year 8'] });

  it.each([
    ['tutor 7A, pupil in 7A', tutor7A, pupil(), true],
    ['tutor 7A, pupil in 8B', tutor7A, pupil({ tutorGroup: '8B', yearGroup: 'Year 8' }), false],
    ['tutor 7A, pupil in 7B of the same year', tutor7A, pupil({ tutorGroup: '7B' }), false],
    ['year 8, pupil in Year 8', year8, pupil({ tutorGroup: '8B', yearGroup: 'Year 8' }), true],
    ['year 8, pupil in Year 7', year8, pupil(), false],
    ['listed for no group', () => subject({ classRestrictions: 'tutor', restrictionGroups: [] }), pupil(), false],
    [
      'setting off: restriction rows are ignored',
      () => subject({ classRestrictions: 'off', restrictionGroups: ['8B'] }),
      pupil(),
      true,
    ],
  ] as const)('%s', (_label, make, p, expected) => {
    const s = make();
    expect(can(s, 'student.list', p)).toBe(expected);
    expect(can(s, 'student.view', p)).toBe(expected);
    expect(can(s, 'student.pick', p)).toBe(expected);
    const inc = incident({ studentTutorGroup: p.tutorGroup, studentYearGroup: p.yearGroup });
    expect(can(s, 'incident.view', inc)).toBe(expected);
    expect(can(s, 'incident.edit', inc)).toBe(expected);
    expect(can(s, 'action.add', inc)).toBe(expected);
  });

  it('the school setting for the add form lets a restricted key holder report on any pupil on roll', () => {
    const s = subject({ classRestrictions: 'tutor', restrictionGroups: ['7A'], studentSearchOnAddIncident: true });
    const other = pupil({ tutorGroup: '8B', yearGroup: 'Year 8' });
    expect(can(s, 'student.pick', other)).toBe(true);
    expect(can(s, 'student.view', other)).toBe(false);
  });

  it('a restricted user cannot read an outside incident even when it is their own record in My History', () => {
    const s = tutor7A();
    const own = incident({ authorId: ME, createdAt: new Date(NOW.getTime() - DAY), studentTutorGroup: '8B' });
    expect(can(s, 'incident.history', own)).toBe(true);
    expect(can(s, 'incident.view', own)).toBe(false);
  });
});

describe('archived and groupless pupils need "students.ungrouped"', () => {
  const withUngrouped = (over: Partial<AccessSubjectInput> = {}) =>
    subject({
      groupPermissions: ['students.list', 'students.details', 'students.ungrouped', 'incidents.add'],
      ...over,
    });

  it.each([
    ['on roll, grouped', pupil(), true, true],
    ['archived', pupil({ archived: true }), false, true],
    ['no tutor or year group', pupil({ tutorGroup: null, yearGroup: null }), false, true],
    ['a year group but no tutor group (placed by year)', pupil({ tutorGroup: null }), true, true],
  ] as const)('%s: without %s, with %s', (_label, p, without, withIt) => {
    expect(can(subject(), 'student.list', p)).toBe(without);
    expect(can(withUngrouped(), 'student.list', p)).toBe(withIt);
    const inc = incident({
      studentTutorGroup: p.tutorGroup,
      studentYearGroup: p.yearGroup,
      studentArchived: p.archived,
    });
    expect(can(subject(), 'incident.view', inc)).toBe(without);
    expect(can(withUngrouped(), 'incident.view', inc)).toBe(withIt);
  });

  it('under a tutor restriction, a pupil without a tutor group is groupless: only the permission decides', () => {
    const noTutor = pupil({ tutorGroup: null });
    expect(can(subject({ classRestrictions: 'tutor', restrictionGroups: ['7A'] }), 'student.list', noTutor)).toBe(
      false,
    );
    expect(can(withUngrouped({ classRestrictions: 'tutor', restrictionGroups: ['7A'] }), 'student.list', noTutor)).toBe(
      true,
    );
    expect(can(withUngrouped({ classRestrictions: 'tutor', restrictionGroups: [] }), 'student.list', noTutor)).toBe(
      true,
    );
  });

  it('an archived pupil who kept a group is still bound by the restriction', () => {
    const s = withUngrouped({ classRestrictions: 'tutor', restrictionGroups: ['7A'] });
    expect(can(s, 'student.list', pupil({ archived: true }))).toBe(true);
    expect(can(s, 'student.list', pupil({ archived: true, tutorGroup: '8B' }))).toBe(false);
  });

  it('the add form never offers archived pupils through the school setting', () => {
    const t = teacher({ studentSearchOnAddIncident: true });
    expect(can(t, 'student.pick', pupil())).toBe(true);
    expect(can(t, 'student.pick', pupil({ tutorGroup: null, yearGroup: null }))).toBe(true);
    expect(can(t, 'student.pick', pupil({ archived: true }))).toBe(false);
  });
});

describe('alerts: a non-key user reads the alerted record until they mark it read', () => {
  const inc = incident({ categoryIds: [CP] });
  const alerted = () => teacher({ alertedIncidentIds: [inc.id] });
  const afterRead = () => teacher({ alertedIncidentIds: [] });

  it('before mark-as-read: may read it and add an action, nothing more', () => {
    const t = alerted();
    expect(decide(t, 'incident.view', inc)).toEqual({ allowed: true });
    expect(decide(t, 'action.add', inc)).toEqual({ allowed: true });
    expect(can(t, 'incident.edit', inc)).toBe(false);
    expect(can(t, 'incident.view', { ...inc, id: 'inc-2' })).toBe(false);
  });

  it('after mark-as-read: never again', () => {
    const t = afterRead();
    expect(decide(t, 'incident.view', inc)).toEqual({ allowed: false, reason: 'not_allowed' });
    expect(decide(t, 'action.add', inc)).toEqual({ allowed: false, reason: 'not_allowed' });
  });

  it('a deleted incident is gone even with a live alert', () => {
    expect(decide(alerted(), 'incident.view', { ...inc, deleted: true })).toEqual({
      allowed: false,
      reason: 'not_found',
    });
  });

  it('adding an action still needs the add permission', () => {
    const t = teacher({ alertedIncidentIds: [inc.id], groupPermissions: ['library.view'] });
    expect(can(t, 'incident.view', inc)).toBe(true);
    expect(can(t, 'action.add', inc)).toBe(false);
  });

  it('an alert opens the record to a key holder too, in a category they could not otherwise read', () => {
    const s = subject({ alertedIncidentIds: [inc.id] });
    expect(can(s, 'incident.view', inc)).toBe(true);
    expect(can(s, 'incident.edit', inc)).toBe(false);
  });

  it('an alert does not cross schools', () => {
    expect(decide(alerted(), 'incident.view', { ...inc, schoolId: 'school-b' })).toEqual({
      allowed: false,
      reason: 'not_found',
    });
  });
});

describe('My History: own records of the last 7 days, by title', () => {
  const own = (ageMs: number, over: Partial<IncidentResource> = {}) =>
    incident({ authorId: ME, createdAt: new Date(NOW.getTime() - ageMs), categoryIds: [CP], ...over });

  it.each([
    ['an hour ago', own(60 * 60 * 1000), true],
    ['6 days 23 hours ago', own(7 * DAY - 60 * 60 * 1000), true],
    ['exactly 7 days ago', own(7 * DAY), true],
    ['7 days and a millisecond ago', own(7 * DAY + 1), false],
    ['8 days ago', own(8 * DAY), false],
    ['someone else’s, an hour ago', own(60 * 60 * 1000, { authorId: 'user-other' }), false],
    ['by an integration', own(60 * 60 * 1000, { authorId: null }), false],
    ['own but deleted', own(60 * 60 * 1000, { deleted: true }), false],
  ] as const)('%s', (_label, inc, expected) => {
    expect(can(teacher(), 'incident.history', inc)).toBe(expected);
    expect(can(subject(), 'incident.history', inc)).toBe(expected);
  });

  it('lists the title only: authorship alone never opens the record', () => {
    const inc = own(60 * 60 * 1000);
    expect(can(teacher(), 'incident.history', inc)).toBe(true);
    expect(can(teacher(), 'incident.view', inc)).toBe(false);
    expect(can(teacher(), 'action.add', inc)).toBe(false);
  });
});

describe('adding incidents', () => {
  it('needs the add permission in every chosen category, and at least one', () => {
    const s = subject({
      categoryPermissions: [{ categoryId: BEHAVIOUR, viewStudents: true, viewIncidents: true, addIncidents: true }],
    });
    expect(can(s, 'incident.add', { schoolId: SCHOOL, categoryIds: [BEHAVIOUR] })).toBe(true);
    expect(can(s, 'incident.add', { schoolId: SCHOOL, categoryIds: [BEHAVIOUR, CP] })).toBe(false);
    expect(can(s, 'incident.add', { schoolId: SCHOOL, categoryIds: [] })).toBe(false);
  });

  it('needs the system permission too', () => {
    const s = teacher({ groupPermissions: ['library.view'] });
    expect(decide(s, 'incident.add', { schoolId: SCHOOL, categoryIds: [BEHAVIOUR] })).toEqual({
      allowed: false,
      reason: 'not_allowed',
    });
    expect(addableCategoryIds(s)).toEqual([]);
  });

  it('never needs the key', () => {
    expect(decide(teacher(), 'incident.add', { schoolId: SCHOOL, categoryIds: [CP, BEHAVIOUR] })).toEqual({
      allowed: true,
    });
  });
});

describe('deleted incidents', () => {
  const gone = incident({ deleted: true });
  it('editors may view and restore them, not edit, delete or merge them again', () => {
    const s = subject();
    expect(can(s, 'incident.view', gone)).toBe(true);
    expect(can(s, 'incident.restore', gone)).toBe(true);
    expect(can(s, 'incident.edit', gone)).toBe(false);
    expect(can(s, 'incident.delete', gone)).toBe(false);
    expect(can(s, 'incident.merge', gone)).toBe(false);
    expect(can(s, 'action.add', gone)).toBe(false);
  });
  it('restoring a live incident is not a thing', () => {
    expect(decide(subject(), 'incident.restore', incident())).toEqual({ allowed: false, reason: 'not_allowed' });
  });
  it('for everyone else they answer as missing rows', () => {
    const viewer = subject({ groupPermissions: ['students.list', 'incidents.add'] });
    for (const action of ['incident.view', 'incident.restore', 'incident.edit', 'action.add'] as const) {
      expect(decide(viewer, action, gone), action).toEqual({ allowed: false, reason: 'not_found' });
    }
  });
  it('editors still need every category', () => {
    expect(can(subject(), 'incident.restore', { ...gone, categoryIds: [CP] })).toBe(false);
  });
});

describe('elevation', () => {
  it('says "needs elevation" only when the key would help', () => {
    const s = subject({ elevated: false });
    expect(decide(s, 'incident.view', incident())).toEqual({ allowed: false, reason: 'needs_elevation' });
    expect(decide(s, 'incident.view', incident({ categoryIds: [CP] }))).toEqual({
      allowed: false,
      reason: 'not_allowed',
    });
    expect(decide(s, 'student.list', pupil({ archived: true }))).toEqual({ allowed: false, reason: 'not_allowed' });
    expect(decide(s, 'reports.run')).toEqual({ allowed: false, reason: 'not_allowed' });
  });

  it('the library needs no key: its view permission, or the school opening it to everyone', () => {
    expect(decide(teacher(), 'library.view')).toEqual({ allowed: true });
    const supportStaff = teacher({ groupPermissions: ['incidents.add'] });
    expect(decide(supportStaff, 'library.view')).toEqual({ allowed: false, reason: 'not_allowed' });
    expect(
      decide({ ...supportStaff, rules: { ...supportStaff.rules, libraryForNonKeyUsers: true } }, 'library.view'),
    ).toEqual({ allowed: true });
    expect(decide(teacher({ groupPermissions: ['library.view', 'library.add'] }), 'library.add')).toEqual({
      allowed: false,
      reason: 'needs_elevation',
    });
  });

  it('monitoring lozenges show only with the key, and only for view-students categories', () => {
    expect(visibleMonitoringCategoryIds(subject(), [BEHAVIOUR, CP, BULLYING])).toEqual([BEHAVIOUR, BULLYING]);
    expect(visibleMonitoringCategoryIds(subject({ elevated: false }), [BEHAVIOUR])).toEqual([]);
  });
});

describe("a pupil's audit", () => {
  it.each([
    ['details + edit incidents', ['students.details', 'incidents.edit'], 'allowed'],
    ['details + administration', ['students.details', 'administration'], 'allowed'],
    ['details only', ['students.list', 'students.details', 'incidents.add'], 'not_allowed'],
    ['edit incidents without details', ['students.list', 'incidents.edit'], 'not_allowed'],
    ['administration without details', ['administration'], 'not_allowed'],
  ] as const)('%s: %s', (_label, groupPermissions, expected) => {
    const d = decide(subject({ groupPermissions: [...groupPermissions] }), 'student.audit', pupil());
    expect(d.allowed ? 'allowed' : d.reason).toBe(expected);
  });

  it('needs the key and the pupil within reach, like opening the profile', () => {
    expect(decide(subject({ elevated: false }), 'student.audit', pupil())).toEqual({
      allowed: false,
      reason: 'needs_elevation',
    });
    const tutor7A = subject({ classRestrictions: 'tutor', restrictionGroups: ['7A'] });
    expect(can(tutor7A, 'student.audit', pupil())).toBe(true);
    expect(can(tutor7A, 'student.audit', pupil({ tutorGroup: '8B' }))).toBe(false);
    expect(decide(subject(), 'student.audit', pupil({ schoolId: 'school-b' }))).toEqual({
      allowed: false,
      reason: 'not_found',
    });
  });
});

describe('key holders', () => {
  it.each([
    ['DSL', true],
    ['SLT', true],
    ['Pastoral', true],
    ['Teachers', false],
    ['Support staff', false],
  ])('%s: %s', (name, expected) => {
    const g = DEFAULT_USER_GROUPS.find((x) => x.name === name);
    expect(isKeyHolder(teacher({ groupPermissions: g?.permissions }))).toBe(expected);
  });
  it('a category view right alone makes a key holder', () => {
    const s = teacher({
      categoryPermissions: [{ categoryId: CP, viewStudents: false, viewIncidents: true, addIncidents: false }],
    });
    expect(isKeyHolder(s)).toBe(true);
  });
});

describe('building the subject from stored values', () => {
  it('keeps known permission names only', () => {
    expect([...parseSystemPermissions(['reports.run', 'superuser', 42, null, 'files'])].sort()).toEqual([
      'files',
      'reports.run',
    ]);
    expect(parseSystemPermissions('administration').size).toBe(0);
    expect(parseSystemPermissions({ administration: true }).size).toBe(0);
    expect(parseSystemPermissions([...SYSTEM_PERMISSIONS]).size).toBe(SYSTEM_PERMISSIONS.length);
  });

  it('drops category rows that grant nothing and lists rights sorted', () => {
    const s = subject({
      categoryPermissions: [
        { categoryId: 'b', viewStudents: false, viewIncidents: true, addIncidents: false },
        { categoryId: 'a', viewStudents: true, viewIncidents: true, addIncidents: true },
        { categoryId: 'z', viewStudents: false, viewIncidents: false, addIncidents: false },
      ],
    });
    expect([...s.categoryPermissions.keys()]).toEqual(['b', 'a']);
    expect(viewableIncidentCategoryIds(s)).toEqual(['a', 'b']);
    expect(viewableStudentCategoryIds(s)).toEqual(['a']);
    expect(addableCategoryIds(s)).toEqual(['a']);
    expect(mayAddInAll(s, [])).toBe(true);
    expect(mayAddInAll(s, ['a', 'b'])).toBe(false);
  });

  it('turns the school setting into a restriction, or none', () => {
    expect(subject({ classRestrictions: 'off', restrictionGroups: ['7A'] }).classRestriction).toBeNull();
    const r = subject({
      classRestrictions: 'year',
      restrictionGroups: ['Year 7', 'Year 7', 'Year 9'],
    }).classRestriction;
    expect(r?.kind).toBe('year');
    expect([...(r?.groups ?? [])].sort()).toEqual(['Year 7', 'Year 9']);
  });
});
