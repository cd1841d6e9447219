/**
 * What a new school starts with. The permission names are the system
 * permissions of lib/access (the identity work completes that engine); the
 * groups are the usual shape of a school's safeguarding team.
 */
export const SYSTEM_PERMISSIONS = [
  'students.list',
  'students.details',
  'incidents.add',
  'incidents.edit',
  'reports.run',
  'planner',
  'files',
  'library.view',
  'library.add',
  'administration',
  'students.ungrouped',
] as const;
export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];

export const DEFAULT_USER_GROUPS: { name: string; description: string; permissions: SystemPermission[] }[] = [
  {
    name: 'DSL',
    description: 'Designated safeguarding leads: every record, reporting and administration.',
    permissions: [...SYSTEM_PERMISSIONS],
  },
  {
    name: 'SLT',
    description: 'Senior leadership: pupil records and reporting.',
    permissions: ['students.list', 'students.details', 'incidents.add', 'reports.run', 'planner', 'library.view'],
  },
  {
    name: 'Pastoral',
    description: 'Heads of year and pastoral staff.',
    permissions: ['students.list', 'students.details', 'incidents.add', 'planner', 'library.view'],
  },
  { name: 'Teachers', description: 'Record concerns; no key access.', permissions: ['incidents.add', 'library.view'] },
  { name: 'Support staff', description: 'Record concerns; no key access.', permissions: ['incidents.add'] },
];
