import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { linkableRecord, listPlannerColleagues, plannerAccess, plannerDay } from '@/lib/planner';
import { dateInZone } from '@/lib/time';
import { EventForm } from '../_components/event-form';
import { PlannerGate } from '../_components/planner-gate';

export const metadata = { title: 'New event · Planner' };

export default async function NewPlannerEventPage({
  searchParams,
}: {
  searchParams: Promise<{ date?: string; incident?: string; action?: string }>;
}) {
  const ctx = await requireUserCtx();
  const access = plannerAccess(ctx);
  if (access !== 'allowed') return <PlannerGate access={access} schoolName={ctx.school.name} />;
  const params = await searchParams;
  const day = plannerDay(params.date, dateInZone(ctx.school.timeZone));
  const colleagues = await listPlannerColleagues(ctx);
  // "Add to planner" names a record: linked only if the person may read it (and checked again when saving).
  const record = await linkableRecord(ctx, params.incident, params.action, await getNameStyle(ctx));
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <Link href={`/planner?date=${day}`} className="text-brand-700 underline underline-offset-2">
        ‹ Planner
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">New event</h1>
      <section className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <EventForm
          initial={{
            submissionKey: randomUUID(),
            title: '',
            notes: '',
            allDay: false,
            start: `${day}T09:00`,
            end: `${day}T10:00`,
            visibility: 'private',
            reminder: 'none',
            reminderAt: '',
            reminderAmount: '15',
            reminderUnit: 'minutes',
            incidentId: record?.incidentId,
            actionId: record?.actionId ?? undefined,
            recordLabel: record
              ? record.actionId
                ? `an action on incident #${record.number}`
                : `incident #${record.number}`
              : undefined,
          }}
          colleagues={colleagues}
          sharedWith={[]}
          pupils={record?.pupil ? [record.pupil] : []}
        />
      </section>
    </div>
  );
}
