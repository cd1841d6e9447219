/**
 * Admin → Calendar: adding, changing and removing the school's academic
 * years. The form is validated whole by lib/calendar's schema; here, under a
 * per-school lock (two administrators saving at once cannot both pass the
 * overlap check), a year must not overlap another live year of the school, a
 * change must be of the version the form showed, and every change writes its
 * audit row in the same transaction. Years are never deleted (the app role
 * has no DELETE): removing one sets `removed_at`.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { academicYears } from '@/db/schema';
import { academicYearForm, parsedYear, removeYearInput, type ParsedYear } from '@/lib/calendar/schema';
import { calendarYears } from '@/lib/calendar/queries';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from './guard';

const STALE =
  'Someone else changed this year since you opened it. Reload the page to see their change, then edit again.';

async function lockCalendar(tx: Tx, schoolId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`haven:calendar:${schoolId}`}, 0))`);
}

async function refuseOverlap(tx: Tx, schoolId: string, year: ParsedYear, except: string | null): Promise<void> {
  const clash = (await calendarYears(tx, schoolId)).find(
    (y) => y.id !== except && y.startsOn <= year.endsOn && year.startsOn <= y.endsOn,
  );
  if (clash)
    throw new UserError('Please correct the highlighted fields.', {
      startsOn: [`These dates overlap ${clash.name} (${clash.startsOn} to ${clash.endsOn}).`],
    });
}

const summary = (y: ParsedYear) => ({
  name: y.name,
  startsOn: y.startsOn,
  endsOn: y.endsOn,
  terms: y.terms,
  closures: y.closures.length,
});

/** Adds a year, or changes the one the form names. Returns the year's id. */
export async function saveAcademicYear(ctx: Ctx, input: unknown, now = new Date()): Promise<{ id: string }> {
  requireAdmin(ctx);
  const form = academicYearForm.parse(input);
  const year = parsedYear(form);
  const values = { ...year, updatedAt: now };
  return ctx.run(async (tx) => {
    await lockCalendar(tx, ctx.school.id);
    if (form.yearId === '') {
      await refuseOverlap(tx, ctx.school.id, year, null);
      const id = randomUUID();
      await tx.insert(academicYears).values({ schoolId: ctx.school.id, id, ...values, createdAt: now });
      await recordAdminEvent(tx, ctx, {
        action: 'admin.calendar_year_added',
        entityType: 'school',
        entityId: ctx.school.id,
        details: { yearId: id, ...summary(year) },
        at: now,
      });
      return { id };
    }
    const [before] = (await calendarYears(tx, ctx.school.id)).filter((y) => y.id === form.yearId);
    if (!before) throw new NotFoundError('academic year');
    await refuseOverlap(tx, ctx.school.id, year, before.id);
    const changed = await tx
      .update(academicYears)
      .set({ ...values, version: sql`${academicYears.version} + 1` })
      .where(
        and(
          eq(academicYears.schoolId, ctx.school.id),
          eq(academicYears.id, before.id),
          eq(academicYears.version, Number(form.version || -1)),
          isNull(academicYears.removedAt),
        ),
      )
      .returning({ id: academicYears.id });
    if (changed.length === 0) throw new UserError(STALE);
    await recordAdminEvent(tx, ctx, {
      action: 'admin.calendar_year_changed',
      entityType: 'school',
      entityId: ctx.school.id,
      details: {
        yearId: before.id,
        before: summary({ ...before, terms: [...before.terms], closures: [...before.closures] }),
        after: summary(year),
      },
      at: now,
    });
    return { id: before.id };
  });
}

/** Removes a year from the calendar: the days it covered fall back to the England default. */
export async function removeAcademicYear(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { yearId } = removeYearInput.parse(input);
  await ctx.run(async (tx) => {
    await lockCalendar(tx, ctx.school.id);
    const [gone] = await tx
      .update(academicYears)
      .set({ removedAt: now, updatedAt: now })
      .where(
        and(eq(academicYears.schoolId, ctx.school.id), eq(academicYears.id, yearId), isNull(academicYears.removedAt)),
      )
      .returning({
        id: academicYears.id,
        name: academicYears.name,
        startsOn: academicYears.startsOn,
        endsOn: academicYears.endsOn,
      });
    if (!gone) throw new NotFoundError('academic year');
    await recordAdminEvent(tx, ctx, {
      action: 'admin.calendar_year_removed',
      entityType: 'school',
      entityId: ctx.school.id,
      details: { yearId: gone.id, name: gone.name, startsOn: gone.startsOn, endsOn: gone.endsOn },
      at: now,
    });
  });
}

export interface CalendarPage {
  years: Awaited<ReturnType<typeof calendarYears>>;
}

/** The page's read: every live year, oldest first. */
export async function listAcademicYears(ctx: Ctx): Promise<CalendarPage> {
  requireAdmin(ctx);
  return { years: await ctx.run((tx) => calendarYears(tx, ctx.school.id)) };
}

/** One year for its edit form; another school's id, a removed year and a malformed id are all "not found". */
export async function getAcademicYear(ctx: Ctx, rawId: string) {
  requireAdmin(ctx);
  const id = removeYearInput.safeParse({ yearId: rawId });
  if (!id.success) throw new NotFoundError('academic year');
  const year = (await ctx.run((tx) => calendarYears(tx, ctx.school.id))).find((y) => y.id === id.data.yearId);
  if (!year) throw new NotFoundError('academic year');
  return year;
}
