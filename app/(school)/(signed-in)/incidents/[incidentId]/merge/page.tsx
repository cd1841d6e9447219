import { ClippedText } from '@/app/_components/clipped-text';
import { UserError } from '@/lib/errors';
import { previewMerge, type MergePreview } from '@/lib/incidents';
import { MergeConfirmForm } from '../forms';
import { IncidentPageHeading } from '../heading';
import { loadIncidentPage, type Params } from '../load';

export const metadata = { title: 'Merge incident' };

/** Merge: type the other incident's number, see what it is, then confirm. */
export default async function MergePage({
  params,
  searchParams,
}: Params & { searchParams: Promise<{ into?: string }> }) {
  const { incidentId } = await params;
  const { ctx, style, incident } = await loadIncidentPage(incidentId, 'incident.merge');
  const into = ((await searchParams).into ?? '').trim().slice(0, 12);
  let preview: MergePreview | null = null;
  let problem: string | null = null;
  if (into) {
    try {
      preview = await previewMerge(ctx, { incidentId: incident.id, intoNumber: into }, style);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problem = e.fieldErrors?.intoNumber?.join(' ') ?? e.message;
    }
  }
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Merge" />
      <p className="text-slate-700">
        This incident becomes an action under another incident about the same pupil. Its actions and categories move
        with it.
      </p>
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <div>
          <label htmlFor="into" className="block text-sm font-medium text-slate-800">
            Merge into incident number
          </label>
          <input
            id="into"
            name="into"
            inputMode="numeric"
            defaultValue={into}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'into-error' : undefined}
            className="mt-1 block min-h-11 w-40 rounded-lg border border-slate-300 px-3 text-base"
          />
          {problem ? (
            <p id="into-error" className="mt-1 text-sm font-medium text-rose-700">
              {problem}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 font-medium hover:bg-slate-50"
        >
          Preview
        </button>
      </form>
      {preview ? (
        <section className="space-y-3 rounded-2xl border border-brand-200 bg-brand-50 p-5">
          <h2 className="text-lg font-semibold">
            Incident #{preview.number} · {preview.studentName}
          </h2>
          <p className="text-sm text-slate-700">
            {when.format(preview.occurredAt)} · {preview.actions === 1 ? '1 action' : `${preview.actions} actions`}
          </p>
          <ClippedText text={preview.text} maxChars={1_200} maxLines={14} />
          <MergeConfirmForm incidentId={incident.id} intoNumber={String(preview.number)} />
        </section>
      ) : null}
    </div>
  );
}
