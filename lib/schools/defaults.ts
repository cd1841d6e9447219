/**
 * What a new school starts with: the usual shape of a school's safeguarding
 * team, as user groups holding the system permissions of lib/access.
 */
import { SYSTEM_PERMISSIONS, type SystemPermission } from '@/lib/tenancy/permissions';

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
