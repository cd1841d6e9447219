/**
 * The system permissions a user group can hold, as the session carries them.
 * What each one allows is decided in lib/access, which re-exports these names;
 * they live here because the request context (context.ts) carries them and
 * sits below the permission engine.
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
