import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { loadAddIncidentForm } from '@/lib/incidents';
import { requireUserCtx, getNameStyle } from '@/lib/http';
import { plannerAccess } from '@/lib/planner';
import { dateInZone } from '@/lib/time';
import { IncidentForm } from './incident-form';

export const metadata = { title: 'Add incident' };

/** Add incident: from the header, from a pupil (`?student=`), mobile first. */
export default async function AddIncidentPage({
  searchParams,
}: {
  searchParams: Promise<{ student?: string | string[] }>;
}) {
  const ctx = await requireUserCtx();
  const sp = await searchParams;
  const studentId = Array.isArray(sp.student) ? sp.student[0] : sp.student;
  let data;
  try {
    data = await loadAddIncidentForm(ctx, { studentId, style: await getNameStyle(ctx) });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Add incident</h1>
        <p className="mt-1 text-slate-600">
          Record a concern as soon as you can. What you type is kept on this device until it is saved.
        </p>
      </div>
      {ctx.school.settings.trainingMode ? (
        <p className="rounded-lg bg-sky-100 px-3 py-2 text-sm text-sky-950">
          Training mode is on: this incident will be marked as training.
        </p>
      ) : null}
      <IncidentForm
        data={data}
        userId={ctx.user.id}
        planner={plannerAccess(ctx) === 'allowed' ? { day: dateInZone(ctx.school.timeZone), title: '' } : undefined}
      />
    </div>
  );
}
