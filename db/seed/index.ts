/**
 * Deterministic demo and benchmark data: MIS extract bundles for generated UK
 * schools, in exactly the format the importer accepts
 * (../shared/mis-format.md). The demo, the tests and `npm run bench` all build
 * their schools here, so what they import is what a real MIS would send.
 *
 *   await generateSchoolBundle('.data/bundles/demo', { ...DEMO_SCHOOLS[0], today: '2025-11-20' });
 */
import { generateSchool } from './generate-school';
import type { GenerateSchoolOptions, GeneratedBundle } from './types';

export type {
  AttendancePattern,
  BundleCounts,
  FixedPupil,
  FixedStaff,
  GenerateSchoolOptions,
  GeneratedBundle,
  Phase,
} from './types';
export {
  DEMO_ACADEMY,
  DEMO_SCHOOLS,
  DEMO_TRUST,
  LARGE_SCHOOL,
  NORTHFIELD_PRIMARY,
  type DemoSchool,
} from './demo-schools';
export { ATTENDANCE_COLUMNS, BUNDLE_FILES, CONTACT_COLUMNS, STAFF_COLUMNS, STUDENT_COLUMNS } from './bundle-columns';

/**
 * Writes students.csv, staff.csv, contacts.csv and attendance.csv into `dir`
 * (created if missing). Same options, same bytes: nothing depends on the clock
 * (`today` is an option), the time zone or Math.random.
 */
export function generateSchoolBundle(dir: string, opts: GenerateSchoolOptions): Promise<GeneratedBundle> {
  return generateSchool(dir, opts);
}
