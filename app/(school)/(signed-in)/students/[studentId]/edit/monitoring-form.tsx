'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import type { MonitoringOption } from '@/lib/monitoring';
import { saveMonitoringAction } from './actions';

function since(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d, 12)),
  );
}

/** Each top-level category with its sub-categories, so a family never splits across columns. */
function groupByParent(options: MonitoringOption[]): MonitoringOption[][] {
  const groups: MonitoringOption[][] = [];
  for (const o of options) {
    const last = groups.at(-1);
    if (o.parentName && last && (last[0]!.name === o.parentName || last[0]!.parentName === o.parentName)) last.push(o);
    else groups.push([o]);
  }
  return groups;
}

/**
 * Tick to monitor, untick to stop. The form posts what was ticked when it was
 * shown as well, so only the person's own changes are saved.
 */
export function MonitoringForm({
  studentId,
  options,
  today,
}: {
  studentId: string;
  options: MonitoringOption[];
  today: string;
}) {
  const [state, action] = useActionState(saveMonitoringAction, initialFormState);
  const running = options.filter((o) => o.running).map((o) => o.categoryId);
  const submitted =
    state.done || state.values.monitored === undefined ? null : new Set(state.values.monitored.split(','));
  const ticked = (o: MonitoringOption) => (submitted ? submitted.has(o.categoryId) : o.running !== null);
  const errors = state.fieldErrors.monitored;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="shown" value={running.join(',')} />
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <fieldset aria-describedby={errors?.length ? 'monitored-error' : undefined}>
        <legend className="sr-only">Categories</legend>
        {errors?.length ? (
          <p id="monitored-error" className="mb-2 text-sm font-medium text-rose-700">
            {errors.join(' ')}
          </p>
        ) : null}
        <div className="gap-6 sm:columns-2">
          {groupByParent(options).map((group) => (
            <ul key={group[0]!.categoryId} className="mb-2 break-inside-avoid">
              {group.map((o) => (
                <li key={`${o.categoryId}-${String(ticked(o))}`} className={o.parentName ? 'pl-6' : ''}>
                  <label className="flex min-h-10 cursor-pointer items-center gap-3 rounded-lg px-2 py-1 hover:bg-slate-50">
                    <input
                      type="checkbox"
                      name="monitored"
                      value={o.categoryId}
                      defaultChecked={ticked(o)}
                      className="h-5 w-5 shrink-0 accent-brand-600"
                    />
                    <span
                      aria-hidden="true"
                      className="h-3 w-3 shrink-0 rounded-full ring-1 ring-black/10"
                      style={{ backgroundColor: o.colour }}
                    />
                    <span className="min-w-0">
                      <span className={`block ${o.parentName ? 'text-slate-800' : 'font-medium text-slate-900'}`}>
                        {o.name}
                        {o.archived ? <span className="font-normal text-slate-500"> (archived)</span> : null}
                      </span>
                      {o.running ? (
                        <span className="block text-xs text-emerald-800">
                          Monitored since {since(o.running.startedOn)}
                        </span>
                      ) : null}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          ))}
        </div>
      </fieldset>
      <Field
        name="startedOn"
        type="date"
        label="Start date"
        hint="For the categories you tick now. Unticked categories stop today."
        max={today}
        className="max-w-xs"
        defaultValue={state.done ? today : (state.values.startedOn ?? today)}
        errors={state.fieldErrors.startedOn}
      />
      <SubmitButton pendingLabel="Saving…">Save monitoring</SubmitButton>
    </form>
  );
}
