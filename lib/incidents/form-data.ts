/**
 * What the add-incident page needs, already cut to what this user may do: the
 * pupil when the form is opened for one (only a pupil they may pick), whether
 * they may search for pupils, the categories they may add in (parents with
 * their sub-categories), the people and alert groups they may alert, whom they
 * may assign to, and the school's form definition.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alertGroupMembers, alertGroups, categories, memberships, students, userGroups, users } from '@/db/schema';
import { accessSubjectOf, addableCategoryIds, can, decide, lozengeTextColour, mayBeAssigned } from '@/lib/access';
import { enabledAgencies, type AgencyOption } from '@/lib/agencies/read';
import { NotFoundError } from '@/lib/errors';
import { instantToZonedWallTime } from '@/lib/time/school-date';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { shownFields, type FormFieldRef } from '@/lib/settings/form-definition';
import { isUuid } from '@/lib/ids';
import type { MapChoice } from '@/lib/maps/builtin';
import { mapCatalogue } from '@/lib/maps/queries';

export interface CategoryOption {
  id: string;
  name: string;
  colour: string;
  textColour: string;
  children: { id: string; name: string }[];
}

export interface PersonOption {
  id: string;
  name: string;
  group: string;
}

export interface AddIncidentForm {
  pupil: { id: string; name: string; group: string | null } | null;
  mayPickPupils: boolean;
  categories: CategoryOption[];
  staff: PersonOption[];
  alertGroups: { id: string; name: string; members: number }[];
  /** The key holders of the school, for someone who may assign (incident.assign); otherwise empty. */
  assignees: PersonOption[];
  /** The school's enabled agencies, for "Agencies involved". */
  agencies: AgencyOption[];
  form: FormFieldRef[];
  /** The add-action form's definition (deleted custom fields left out). */
  actionForm: FormFieldRef<'action'>[];
  enforceAlert: boolean;
  /** The school's maps, disabled ones included (the marker picker offers the enabled ones). */
  maps: MapChoice[];
  /** Now, as the school's wall-clock time: the default and the latest allowed. */
  now: string;
  /** The most an attached file may be (the school's vault limit). */
  maxFileMb: number;
}

export async function loadAddIncidentForm(
  ctx: UserCtx,
  /** `keptAgencyIds`: disabled agencies an edited record already names, offered so saving keeps them. */
  opts: { studentId?: string; style: NameStyle; now?: Date; keptAgencyIds?: readonly string[] },
): Promise<AddIncidentForm> {
  const subject = await accessSubjectOf(ctx);
  const addable = new Set(addableCategoryIds(subject));
  const now = opts.now ?? new Date();
  const mayAssign = can(subject, 'incident.assign');
  const mayPickPupils = can(subject, 'students.pick');

  return ctx.run(async (tx) => {
    let pupil: AddIncidentForm['pupil'] = null;
    if (opts.studentId) {
      const id = opts.studentId;
      if (!isUuid(id)) throw new NotFoundError('pupil');
      const rows = await tx.select().from(students).where(eq(students.id, id)).limit(1);
      const row = rows[0];
      const resource = row && {
        schoolId: row.schoolId,
        tutorGroup: row.tutorGroup,
        yearGroup: row.yearGroup,
        archived: row.archivedAt !== null,
      };
      if (!row || !resource || !decide(subject, 'student.pick', resource).allowed) throw new NotFoundError('pupil');
      pupil = { id: row.id, name: formatPupilName(row, opts.style), group: row.tutorGroup ?? row.yearGroup };
    }

    const categoryRows = addable.size
      ? await tx
          .select({
            id: categories.id,
            name: categories.name,
            colour: categories.colour,
            parentId: categories.parentId,
          })
          .from(categories)
          .where(and(isNull(categories.archivedAt), inArray(categories.id, [...addable])))
          .orderBy(asc(categories.sortOrder), asc(sql`lower(${categories.name})`))
      : [];
    const tops = new Map<string, CategoryOption>();
    for (const c of categoryRows)
      if (!c.parentId)
        tops.set(c.id, {
          id: c.id,
          name: c.name,
          colour: c.colour,
          textColour: lozengeTextColour(c.colour),
          children: [],
        });
    // A sub-category is offered under its parent; one whose parent the user cannot add in is not offered.
    for (const c of categoryRows) if (c.parentId) tops.get(c.parentId)?.children.push({ id: c.id, name: c.name });

    const people = await tx
      .select({ id: users.id, name: users.displayName, group: userGroups.name, permissions: userGroups.permissions })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(eq(memberships.status, 'active'))
      .orderBy(asc(sql`lower(${users.displayName})`));
    const staff = people.filter((p) => p.id !== ctx.user.id).map(({ id, name, group }) => ({ id, name, group }));
    const assignees = mayAssign
      ? people.filter((p) => mayBeAssigned(p.permissions)).map(({ id, name, group }) => ({ id, name, group }))
      : [];

    const groups = await tx
      .select({ id: alertGroups.id, name: alertGroups.name, members: sql<number>`count(${alertGroupMembers.id})::int` })
      .from(alertGroups)
      .leftJoin(
        alertGroupMembers,
        and(eq(alertGroupMembers.alertGroupId, alertGroups.id), isNull(alertGroupMembers.removedAt)),
      )
      .where(isNull(alertGroups.archivedAt))
      .groupBy(alertGroups.id, alertGroups.name)
      .orderBy(asc(sql`lower(${alertGroups.name})`));

    return {
      pupil,
      mayPickPupils,
      categories: [...tops.values()],
      staff,
      alertGroups: groups,
      assignees,
      agencies: await enabledAgencies(tx, ctx.school.id, opts.keptAgencyIds),
      form: shownFields(ctx.school.settings.incidentForm),
      actionForm: shownFields(ctx.school.settings.actionForm),
      enforceAlert: ctx.school.settings.enforceAlert,
      maps: await mapCatalogue(tx, ctx.school.id),
      now: instantToZonedWallTime(ctx.school.timeZone, now),
      maxFileMb: ctx.school.settings.vaultMaxFileMb,
    };
  });
}
