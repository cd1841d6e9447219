/**
 * The permission matrix of a new school: every default user group × every
 * surface, with and without the key, as one table per mode. A change to the
 * defaults or the rules shows up here as a changed cell.
 *
 * Cells: Y allowed · E needs elevation · N not allowed · F not found.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCESS_ACTIONS,
  decide,
  makeAccessSubject,
  type AccessAction,
  type AccessSubject,
  type ResourceArgs,
} from '@/lib/access';
import { DEFAULT_CATEGORIES, defaultCategoryPermission } from '@/lib/access/default-categories';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { IncidentResource, StudentResource } from '@/lib/access/types';

const SCHOOL = 'school-a';
const ME = 'user-me';
const NOW = new Date('2025-03-10T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** Category ids are the names here; sub-categories take their parent's defaults. */
function categoryRowsFor(groupName: string) {
  return DEFAULT_CATEGORIES.flatMap((top) =>
    [top.name, ...top.children].map((name) => ({
      categoryId: name,
      ...defaultCategoryPermission(groupName, top.name),
    })),
  );
}

function subjectFor(groupName: string, elevated: boolean): AccessSubject {
  const group = DEFAULT_USER_GROUPS.find((g) => g.name === groupName);
  if (!group) throw new Error(groupName);
  return makeAccessSubject({
    userId: ME,
    schoolId: SCHOOL,
    elevated,
    now: NOW,
    groupPermissions: group.permissions,
    categoryPermissions: categoryRowsFor(groupName),
    classRestrictions: 'off',
    restrictionGroups: [],
    alertedIncidentIds: [],
    studentSearchOnAddIncident: false,
    libraryForNonKeyUsers: false,
  });
}

const pupil: StudentResource = { schoolId: SCHOOL, tutorGroup: '7A', yearGroup: 'Year 7', archived: false };
const archivedPupil: StudentResource = { ...pupil, archived: true };

function incident(categoryIds: string[], extra: Partial<IncidentResource> = {}): IncidentResource {
  return {
    id: `inc-${categoryIds.join('+')}`,
    schoolId: SCHOOL,
    categoryIds,
    authorId: 'user-other',
    createdAt: new Date(NOW.getTime() - 30 * DAY),
    studentTutorGroup: '7A',
    studentYearGroup: 'Year 7',
    studentArchived: false,
    deleted: false,
    ...extra,
  };
}

type Surface = { [A in AccessAction]: { label: string; action: A; args: ResourceArgs<A> } }[AccessAction];
const surface = <A extends AccessAction>(label: string, action: A, ...args: ResourceArgs<A>): Surface =>
  ({ label, action, args }) as Surface;

const behaviour = incident(['Behaviour']);
const SURFACES: Surface[] = [
  surface('list a pupil', 'student.list', pupil),
  surface('list an archived pupil', 'student.list', archivedPupil),
  surface('open a pupil', 'student.view', pupil),
  surface('pick a pupil on the add form', 'student.pick', pupil),
  surface("edit a pupil's information", 'student.edit', pupil),
  surface("read a pupil's audit", 'student.audit', pupil),
  surface("read an archived pupil's audit", 'student.audit', archivedPupil),
  surface("read and add a pupil's documents", 'student.documents', pupil),
  surface("delete and restore a pupil's documents", 'student.documents_manage', pupil),
  surface('view a Behaviour incident', 'incident.view', behaviour),
  surface('view a Child Protection incident', 'incident.view', incident(['Child Protection'])),
  surface('view a Neglect (CP sub-category) incident', 'incident.view', incident(['Neglect'])),
  surface('view Behaviour + Child Protection', 'incident.view', incident(['Behaviour', 'Child Protection'])),
  surface('view a Prevent incident', 'incident.view', incident(['Prevent'])),
  surface('view a Domestic Abuse incident', 'incident.view', incident(['Domestic Abuse'])),
  surface('view a deleted incident', 'incident.view', incident(['Behaviour'], { deleted: true })),
  surface('edit an incident', 'incident.edit', behaviour),
  surface('delete an incident', 'incident.delete', behaviour),
  surface('merge an incident', 'incident.merge', behaviour),
  surface('restore a deleted incident', 'incident.restore', incident(['Behaviour'], { deleted: true })),
  surface('add an action', 'action.add', behaviour),
  surface('add a Behaviour incident', 'incident.add', { schoolId: SCHOOL, categoryIds: ['Behaviour'] }),
  surface('add a Child Protection + Prevent incident', 'incident.add', {
    schoolId: SCHOOL,
    categoryIds: ['Child Protection', 'Prevent'],
  }),
  surface('add an incident without a category', 'incident.add', { schoolId: SCHOOL, categoryIds: [] }),
  surface(
    'own incident in My History',
    'incident.history',
    incident(['Child Protection'], { authorId: ME, createdAt: new Date(NOW.getTime() - DAY) }),
  ),
  surface('count a Behaviour incident in a report', 'incident.report', behaviour),
  surface('count a Child Protection incident in a report', 'incident.report', incident(['Child Protection'])),
  surface('count a deleted incident in a report', 'incident.report', incident(['Behaviour'], { deleted: true })),
  surface('run reports', 'reports.run'),
  surface('use the planner', 'planner.use'),
  surface('use the document vault', 'files.use'),
  surface('view the library', 'library.view'),
  surface('add to the library', 'library.add'),
  surface('see who has read a library file', 'library.read_by'),
  surface('administration', 'admin.use'),
  surface('export a pupil’s file for another school', 'transfers.export'),
  surface('assign an incident', 'incident.assign'),
  surface('see "My assigned"', 'incidents.assigned'),
  surface('find pupils (search, lists)', 'students.find'),
  surface('include archived pupils when finding', 'students.archived'),
  surface('update categories for many pupils', 'students.bulk_monitoring'),
  surface('search pupils on the add form', 'students.pick'),
];

describe('the surfaces', () => {
  it('cover every action the engine decides, so a new decision gets its row', () => {
    expect([...new Set(SURFACES.map((s) => s.action))].sort()).toEqual([...ACCESS_ACTIONS].sort());
  });
});

const ROLES = ['DSL', 'SLT', 'Pastoral', 'Teachers', 'Support staff'] as const;

//                                              DSL  SLT  Past Teach Supp
const ELEVATED: Record<string, string> = {
  'list a pupil': 'Y    Y    Y    N    N',
  'list an archived pupil': 'Y    N    N    N    N',
  'open a pupil': 'Y    Y    Y    N    N',
  'pick a pupil on the add form': 'Y    Y    Y    N    N',
  "edit a pupil's information": 'Y    Y    Y    N    N',
  "read a pupil's audit": 'Y    N    N    N    N',
  "read an archived pupil's audit": 'Y    N    N    N    N',
  "read and add a pupil's documents": 'Y    N    N    N    N',
  "delete and restore a pupil's documents": 'Y    N    N    N    N',
  'view a Behaviour incident': 'Y    Y    Y    N    N',
  'view a Child Protection incident': 'Y    Y    N    N    N',
  'view a Neglect (CP sub-category) incident': 'Y    Y    N    N    N',
  'view Behaviour + Child Protection': 'Y    Y    N    N    N',
  'view a Prevent incident': 'Y    Y    N    N    N',
  'view a Domestic Abuse incident': 'Y    Y    N    N    N',
  'view a deleted incident': 'Y    F    F    F    F',
  'edit an incident': 'Y    N    N    N    N',
  'delete an incident': 'Y    N    N    N    N',
  'merge an incident': 'Y    N    N    N    N',
  'restore a deleted incident': 'Y    F    F    F    F',
  'add an action': 'Y    Y    Y    N    N',
  'add a Behaviour incident': 'Y    Y    Y    Y    Y',
  'add a Child Protection + Prevent incident': 'Y    Y    Y    Y    Y',
  'add an incident without a category': 'N    N    N    N    N',
  'own incident in My History': 'Y    Y    Y    Y    Y',
  'count a Behaviour incident in a report': 'Y    Y    N    N    N',
  'count a Child Protection incident in a report': 'Y    Y    N    N    N',
  'count a deleted incident in a report': 'N    F    F    F    F',
  'run reports': 'Y    Y    N    N    N',
  'use the planner': 'Y    Y    Y    N    N',
  'use the document vault': 'Y    N    N    N    N',
  'view the library': 'Y    Y    Y    Y    N',
  'add to the library': 'Y    N    N    N    N',
  'see who has read a library file': 'Y    N    N    N    N',
  administration: 'Y    N    N    N    N',
  'export a pupil’s file for another school': 'Y    N    N    N    N',
  'assign an incident': 'Y    Y    Y    N    N',
  'see "My assigned"': 'Y    Y    Y    N    N',
  'find pupils (search, lists)': 'Y    Y    Y    N    N',
  'include archived pupils when finding': 'Y    N    N    N    N',
  'update categories for many pupils': 'Y    Y    Y    N    N',
  'search pupils on the add form': 'Y    Y    Y    N    N',
};

//                                              DSL  SLT  Past Teach Supp
const NOT_ELEVATED: Record<string, string> = {
  'list a pupil': 'E    E    E    N    N',
  'list an archived pupil': 'E    N    N    N    N',
  'open a pupil': 'E    E    E    N    N',
  'pick a pupil on the add form': 'E    E    E    N    N',
  "edit a pupil's information": 'E    E    E    N    N',
  "read a pupil's audit": 'E    N    N    N    N',
  "read an archived pupil's audit": 'E    N    N    N    N',
  "read and add a pupil's documents": 'E    N    N    N    N',
  "delete and restore a pupil's documents": 'E    N    N    N    N',
  'view a Behaviour incident': 'E    E    E    N    N',
  'view a Child Protection incident': 'E    E    N    N    N',
  'view a Neglect (CP sub-category) incident': 'E    E    N    N    N',
  'view Behaviour + Child Protection': 'E    E    N    N    N',
  'view a Prevent incident': 'E    E    N    N    N',
  'view a Domestic Abuse incident': 'E    E    N    N    N',
  'view a deleted incident': 'E    F    F    F    F',
  'edit an incident': 'E    N    N    N    N',
  'delete an incident': 'E    N    N    N    N',
  'merge an incident': 'E    N    N    N    N',
  'restore a deleted incident': 'E    F    F    F    F',
  'add an action': 'E    E    E    N    N',
  'add a Behaviour incident': 'Y    Y    Y    Y    Y',
  'add a Child Protection + Prevent incident': 'Y    Y    Y    Y    Y',
  'add an incident without a category': 'N    N    N    N    N',
  'own incident in My History': 'Y    Y    Y    Y    Y',
  'count a Behaviour incident in a report': 'E    E    N    N    N',
  'count a Child Protection incident in a report': 'E    E    N    N    N',
  'count a deleted incident in a report': 'N    F    F    F    F',
  'run reports': 'E    E    N    N    N',
  'use the planner': 'E    E    E    N    N',
  'use the document vault': 'E    N    N    N    N',
  'view the library': 'Y    Y    Y    Y    N',
  'add to the library': 'E    N    N    N    N',
  'see who has read a library file': 'E    N    N    N    N',
  administration: 'E    N    N    N    N',
  'export a pupil’s file for another school': 'E    N    N    N    N',
  'assign an incident': 'E    E    E    N    N',
  'see "My assigned"': 'E    E    E    N    N',
  'find pupils (search, lists)': 'E    E    E    N    N',
  'include archived pupils when finding': 'E    N    N    N    N',
  'update categories for many pupils': 'E    E    E    N    N',
  'search pupils on the add form': 'E    E    E    N    N',
};

function cell(subject: AccessSubject, s: Surface): string {
  const d = decide(subject, s.action, ...(s.args as ResourceArgs<typeof s.action>));
  if (d.allowed) return 'Y';
  return { needs_elevation: 'E', not_allowed: 'N', not_found: 'F' }[d.reason];
}

describe.each([
  ['elevated (key used)', true, ELEVATED],
  ['not elevated', false, NOT_ELEVATED],
])('default groups, %s', (_mode, elevated, table) => {
  it('the table lists every surface', () => {
    expect(Object.keys(table).sort()).toEqual(SURFACES.map((s) => s.label).sort());
  });
  it.each(SURFACES.map((s) => [s.label, s] as const))('%s', (label, s) => {
    const expected = (table[label] ?? '').split(/\s+/);
    const actual = ROLES.map((role) => cell(subjectFor(role, elevated), s));
    expect(Object.fromEntries(ROLES.map((r, i) => [r, actual[i]]))).toEqual(
      Object.fromEntries(ROLES.map((r, i) => [r, expected[i]])),
    );
  });
});

describe('another school', () => {
  const other = 'school-b';
  const foreign: Surface[] = SURFACES.filter((s) => s.args.length > 0).map((s) => {
    const [resource] = s.args as [{ schoolId: string }];
    return { ...s, args: [{ ...resource, schoolId: other }] } as Surface;
  });
  it.each(ROLES.flatMap((role) => [true, false].map((elevated) => [role, elevated] as const)))(
    '%s (elevated: %s) gets "not found" for every record of another school',
    (role, elevated) => {
      const subject = subjectFor(role, elevated);
      for (const s of foreign) expect(cell(subject, s), s.label).toBe('F');
    },
  );
  it('even with a live alert for that incident id', () => {
    const subject = { ...subjectFor('Teachers', false), alertedIncidentIds: new Set(['inc-Behaviour']) };
    expect(decide(subject, 'incident.view', { ...behaviour, schoolId: other })).toEqual({
      allowed: false,
      reason: 'not_found',
    });
  });
});
