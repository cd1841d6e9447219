/**
 * Finding a pupil for a profile read or write, with the permission engine's
 * decision first. Shared by lib/students and lib/monitoring; not for routes.
 *
 * What a refused request is told:
 * - a key holder who has not used their key this session is asked for it,
 *   whatever the id names (a pupil, another school's pupil, nothing at all),
 *   so the answer tells nobody without a key which pupils exist;
 * - everyone else gets "not found" for a missing row, another school's row, a
 *   malformed id and a pupil out of their reach alike.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { students } from '@/db/schema';
import { decide, pupilRefusal, type AccessSubject, type StudentResource } from '@/lib/access';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { isUuid } from '@/lib/ids';

export const ELEVATE_FOR_PUPILS = 'Use your key to open pupils’ records.';

/** The person's group would let them in once they use their key (lib/access reason `needs_elevation`). */
export class NeedsElevationError extends NotAllowedError {
  constructor() {
    super(ELEVATE_FOR_PUPILS);
    this.name = 'NeedsElevationError';
  }
}

/** The columns every profile read starts from. */
export const pupilColumns = {
  id: students.id,
  schoolId: students.schoolId,
  legalForename: students.legalForename,
  legalSurname: students.legalSurname,
  preferredForename: students.preferredForename,
  preferredSurname: students.preferredSurname,
  tutorGroup: students.tutorGroup,
  yearGroup: students.yearGroup,
  archivedAt: students.archivedAt,
  archivedReason: students.archivedReason,
};

export interface PupilBase {
  id: string;
  schoolId: string;
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
  tutorGroup: string | null;
  yearGroup: string | null;
  archivedAt: Date | null;
  archivedReason: 'left' | 'missing' | null;
}

export function studentResource(
  p: Pick<PupilBase, 'schoolId' | 'tutorGroup' | 'yearGroup' | 'archivedAt'>,
): StudentResource {
  return { schoolId: p.schoolId, tutorGroup: p.tutorGroup, yearGroup: p.yearGroup, archived: p.archivedAt !== null };
}

/** The error for a refused pupil: see the module comment. */
export function pupilDenial(subject: AccessSubject): NotFoundError | NeedsElevationError {
  return pupilRefusal(subject) === 'needs_elevation' ? new NeedsElevationError() : new NotFoundError('pupil');
}

/**
 * The pupil named by `rawId`, if the subject may do `action` to them; else the
 * refusal above. Runs inside the caller's transaction, so the decision and
 * what follows see the same row.
 */
export async function findPupilFor(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  rawId: unknown,
  action: 'student.view' | 'student.edit' | 'student.documents' | 'student.documents_manage',
  opts: { forUpdate?: boolean } = {},
): Promise<PupilBase> {
  if (!isUuid(rawId)) throw pupilDenial(subject);
  const query = tx
    .select(pupilColumns)
    .from(students)
    .where(and(eq(students.schoolId, ctx.school.id), eq(students.id, rawId.toLowerCase())))
    .limit(1);
  const rows = opts.forUpdate ? await query.for('update') : await query;
  const row = rows[0];
  if (!row) throw pupilDenial(subject);
  const decision = decide(subject, action, studentResource(row));
  if (!decision.allowed) throw pupilDenial(subject);
  return row;
}

/** "Left" / "No longer in the MIS extract", for the archived banner. */
export function archivedReasonLabel(reason: 'left' | 'missing' | null): string {
  return reason === 'missing' ? 'no longer in the school’s MIS extract' : 'left the school';
}
