import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { getPlannerEvent, listPlannerColleagues, plannerAccess, type PlannerEventDetail } from '@/lib/planner';
import { EventForm } from '../../_components/event-form';
import { PlannerGate } from '../../_components/planner-gate';

export const metadata = { title: 'Edit event · Planner' };

export default async function EditPlannerEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const ctx = await requireUserCtx();
  const access = plannerAccess(ctx);
  if (access !== 'allowed') return <PlannerGate access={access} schoolName={ctx.school.name} />;
  const { eventId } = await params;
  let e: PlannerEventDetail;
  try {
    e = await getPlannerEvent(ctx, eventId, await getNameStyle(ctx));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  // Someone who may only see it gets the same page as for an event that does not exist for them to change.
  if (!e.mayEdit) notFound();
  const colleagues = await listPlannerColleagues(ctx);
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <Link href={`/planner/${e.id}`} className="text-brand-700 underline underline-offset-2">
        ‹ Back to the event
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">Edit event</h1>
      <section className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <EventForm
          initial={{
            eventId: e.id,
            version: e.version,
            title: e.title,
            notes: e.notes,
            allDay: e.allDay,
            start: e.allDay ? e.firstDay : e.startWall,
            end: e.allDay ? e.lastDay : e.endWall,
            visibility: e.isPublic ? 'public' : 'private',
            reminder: e.reminder,
            reminderAt: e.reminderAtWall ?? '',
            reminderAmount: e.reminderAmount === null ? '15' : String(e.reminderAmount),
            reminderUnit: e.reminderUnit ?? 'minutes',
            incidentId: e.incidentId ?? undefined,
            actionId: e.actionId ?? undefined,
            aboutPath: e.aboutPath ?? undefined,
            recordLabel: e.incidentNumber ? `incident #${e.incidentNumber}` : undefined,
          }}
          colleagues={colleagues}
          sharedWith={e.sharedWith}
          pupils={e.pupils.filter((p) => p.name !== null).map((p) => ({ id: p.id, name: p.name!, group: null }))}
          unseenPupils={e.pupils.filter((p) => p.name === null).length}
        />
      </section>
    </div>
  );
}
