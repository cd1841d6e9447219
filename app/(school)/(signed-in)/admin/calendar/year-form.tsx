'use client';

import { useActionState } from 'react';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { TERM_ROWS } from '@/lib/calendar/client';
import { initialFormState } from '@/lib/http/client';
import { saveYearAction } from './actions';

/**
 * One academic year: its name and dates, up to six terms (a row left without
 * dates is not saved) and closure days. What was typed comes back with the
 * messages when something is wrong.
 */
export function YearForm({ initial, submitLabel }: { initial: Record<string, string>; submitLabel: string }) {
  const [state, action] = useActionState(saveYearAction, initialFormState);
  const v = (name: string) => state.values[name] ?? initial[name] ?? '';
  const err = state.fieldErrors;
  const closureErrors = err.closures;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="yearId" value={initial.yearId ?? ''} />
      <input type="hidden" name="version" value={initial.version ?? ''} />
      <Field
        name="name"
        label="Name"
        hint="How the year is shown, such as 2026/27."
        className="max-w-xs"
        autoComplete="off"
        defaultValue={v('name')}
        errors={err.name}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="startsOn" label="First day" type="date" defaultValue={v('startsOn')} errors={err.startsOn} />
        <Field name="endsOn" label="Last day" type="date" defaultValue={v('endsOn')} errors={err.endsOn} />
      </div>
      <fieldset className="space-y-3 border-t border-slate-200 pt-4">
        <legend className="text-lg font-semibold">Terms</legend>
        <p className="text-sm text-slate-600">
          Inside the year and not overlapping. Holidays between terms belong to the term before them. Leave a row’s
          dates empty to leave it out.
        </p>
        {Array.from({ length: TERM_ROWS }, (_, i) => {
          const n = i + 1;
          return (
            <div
              key={n}
              role="group"
              aria-label={`Term ${n}`}
              className="grid gap-3 rounded-xl border border-slate-200 p-3 sm:grid-cols-3"
            >
              <Field
                name={`term${n}Name`}
                label={`Term ${n} name`}
                autoComplete="off"
                defaultValue={v(`term${n}Name`)}
                errors={err[`term${n}Name`]}
              />
              <Field
                name={`term${n}Start`}
                label="First day"
                id={`field-term${n}Start`}
                type="date"
                defaultValue={v(`term${n}Start`)}
                errors={err[`term${n}Start`]}
              />
              <Field
                name={`term${n}End`}
                label="Last day"
                type="date"
                defaultValue={v(`term${n}End`)}
                errors={err[`term${n}End`]}
              />
            </div>
          );
        })}
      </fieldset>
      <FieldFrame
        id="field-closures"
        label="Closure days (optional)"
        hint="One a line: a date and what it is (2026-10-23 INSET day), or a run of days (2026-11-02 to 2026-11-03 Strike)."
        errors={closureErrors}
      >
        <textarea
          id="field-closures"
          name="closures"
          rows={4}
          aria-describedby={describedBy('field-closures', 'hint', closureErrors)}
          aria-invalid={closureErrors?.length ? true : undefined}
          defaultValue={v('closures')}
          className={`${controlClass(closureErrors)} font-mono text-sm`}
        />
      </FieldFrame>
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
