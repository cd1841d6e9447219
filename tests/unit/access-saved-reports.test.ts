/**
 * Saved reports in the permission engine, as a table: who may run
 * ("Regenerate") and who may change (publish, expiry, delete) a saved report,
 * by ownership, publication, school, group and key.
 */
import { describe, expect, it } from 'vitest';
import {
  decideSavedReport,
  makeAccessSubject,
  type AccessSubject,
  type SavedReportAction,
  type SavedReportResource,
  type SystemPermission,
} from '@/lib/access';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';

const SCHOOL = 'school-a';

function member(group: string, elevated = true): AccessSubject {
  return makeAccessSubject({
    userId: 'me',
    schoolId: SCHOOL,
    elevated,
    now: new Date('2026-03-10T12:00:00Z'),
    groupPermissions: DEFAULT_USER_GROUPS.find((g) => g.name === group)!.permissions as SystemPermission[],
    categoryPermissions: [],
    classRestrictions: 'off',
    restrictionGroups: [],
    alertedIncidentIds: [],
    studentSearchOnAddIncident: false,
    libraryForNonKeyUsers: false,
  });
}

const report = (over: Partial<SavedReportResource> = {}): SavedReportResource => ({
  schoolId: SCHOOL,
  ownerId: 'me',
  published: false,
  ...over,
});

const dsl = member('DSL');
const CASES: [string, AccessSubject, SavedReportResource, SavedReportAction, string][] = [
  ['owner runs their own', dsl, report(), 'saved_report.run', 'allowed'],
  ['owner changes their own', dsl, report(), 'saved_report.manage', 'allowed'],
  ['someone else’s unpublished: run', dsl, report({ ownerId: 'other' }), 'saved_report.run', 'not_found'],
  ['someone else’s unpublished: change', dsl, report({ ownerId: 'other' }), 'saved_report.manage', 'not_found'],
  ['someone else’s published: run', dsl, report({ ownerId: 'other', published: true }), 'saved_report.run', 'allowed'],
  [
    'someone else’s published: change',
    dsl,
    report({ ownerId: 'other', published: true }),
    'saved_report.manage',
    'not_allowed',
  ],
  [
    'another school’s, even published and "owned"',
    dsl,
    report({ schoolId: 'school-b', published: true }),
    'saved_report.run',
    'not_found',
  ],
  ['owner without their key', member('DSL', false), report(), 'saved_report.run', 'needs_elevation'],
  [
    'a teacher, published report',
    member('Teachers'),
    report({ ownerId: 'other', published: true }),
    'saved_report.run',
    'not_allowed',
  ],
];

describe('decideSavedReport', () => {
  it.each(CASES)('%s', (_name, subject, resource, action, expected) => {
    const d = decideSavedReport(subject, action, resource);
    expect(d.allowed ? 'allowed' : d.reason).toBe(expected);
  });
});
