import { listTrainingRecords, type TrainingRecordItem } from '@/lib/training';
import { getNameStyle } from '@/lib/http';
import { AdminPageHeader } from '../_components/page-header';
import { schoolDateTime } from '../_components/format';
import { param, requireAdminPage } from '../admin-page';
import { EnableTrainingForm, TrainingRecordsForm, type TrainingRow } from './training-forms';

export const metadata = { title: 'Training mode' };

const HELD = {
  genuine_action: 'Kept: a genuine action is recorded on it.',
  genuine_merged: 'Kept: a genuine incident was merged into it.',
} as const;

const count = (v: string | undefined) => (v && /^\d{1,6}$/.test(v) ? Number(v) : 0);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export default async function TrainingModePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const overview = await listTrainingRecords(ctx, await getNameStyle(ctx));
  const sp = await searchParams;
  const done = param(sp.done);
  const when = schoolDateTime(ctx.school.timeZone);
  const row = (r: TrainingRecordItem, kind: 'incident' | 'action'): TrainingRow => ({
    id: r.id,
    title: kind === 'incident' ? `Incident #${r.number}` : `Action on incident #${r.number}`,
    meta: `${when(r.occurredAt)} · ${r.authorName ?? 'Recorded by an integration'}`,
    href: r.readable ? `/incidents/${r.incidentId}` : null,
    pupil: r.pupilName,
    notes: [
      ...(r.linkedCopy ? ['Copy for a linked pupil'] : []),
      ...(r.deleted ? ['Deleted'] : []),
      ...(kind === 'action' && r.onTrainingIncident ? ['On a training incident'] : []),
    ],
    firstLine: r.firstLine,
    categories: r.categories,
    unreadable: r.readable
      ? null
      : `Its categories are outside what you may read. Ask ${r.authorName ?? 'the person who recorded it'} whether it is genuine.`,
    held: r.heldBecause ? HELD[r.heldBecause] : null,
  });
  const listed = overview.incidents.length + overview.actions.length > 0;
  return (
    <div className="max-w-3xl space-y-6">
      <AdminPageHeader
        title={
          <>
            Training mode{' '}
            <span
              className={`ml-1 rounded-full px-2.5 py-0.5 align-middle text-sm font-medium ${overview.on ? 'bg-sky-100 text-sky-900' : 'bg-slate-100 text-slate-700'}`}
            >
              {overview.on ? 'On' : 'Off'}
            </span>
          </>
        }
        intro="While training mode is on, a blue banner shows on every page for everyone at the school, and every incident and action recorded is marked as training. Alerts and emails are still sent, so staff practise the real thing."
      />
      {done === 'on' && overview.on ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          Training mode is on. Everyone sees the banner from their next click.
        </p>
      ) : null}
      {done === 'off' && !overview.on ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          Training mode is off. {plural(count(param(sp.incidents)), 'training incident')} and{' '}
          {plural(count(param(sp.actions)), 'training action')} were removed.
        </p>
      ) : null}
      {overview.truncated ? (
        <p role="alert" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-950">
          There are more training records than this page can list. Keep the genuine ones shown here, then reload to see
          the rest.
        </p>
      ) : null}
      {overview.on || listed ? (
        <>
          {!overview.on ? (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-950">
              Training mode is off, but these records were saved as it was switched off. Keep the genuine ones and
              remove the rest.
            </p>
          ) : null}
          <TrainingRecordsForm
            schoolName={ctx.school.name}
            on={overview.on}
            incidents={overview.incidents.map((r) => row(r, 'incident'))}
            actions={overview.actions.map((r) => row(r, 'action'))}
          />
        </>
      ) : (
        <section className="space-y-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
          <h2 className="text-xl font-semibold">Switch training mode on</h2>
          <p className="text-slate-600">
            Use it for a training session. When it ends, this page lists everything recorded meanwhile: untick anything
            genuine to keep it, then disable training mode by typing the school’s name, which removes the rest for good.
          </p>
          <EnableTrainingForm />
        </section>
      )}
    </div>
  );
}
