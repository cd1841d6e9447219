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
import { initialFormState } from '@/lib/http/client';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_LABELS, TITLE_MAX } from '@/lib/reports/client';
import { saveReportAction } from '../saved/actions';

/**
 * "Save report" under a generated report: the definition the page just ran
 * goes in a hidden field (the server judges it again), with a title and how
 * long to keep it. The form's key makes a doubled click save once.
 */
export function SaveReportForm({ definition, submissionKey }: { definition: string; submissionKey: string }) {
  const [state, formAction] = useActionState(saveReportAction, initialFormState);
  const expiry = state.values.expiry ?? DEFAULT_EXPIRY;
  const expiryErrors = state.fieldErrors.expiry;
  return (
    <section
      aria-labelledby="save-report-heading"
      className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id="save-report-heading" className="text-lg font-semibold">
        Save this report
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Saves the filters and groupings, not the numbers. Whoever opens a saved report sees today’s figures, counting
        only what they may see. It appears in Saved reports.
      </p>
      <form action={formAction} noValidate className="mt-3 space-y-4">
        <input type="hidden" name="definition" value={definition} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <FormMessage message={state.message} />
        <div className="grid gap-4 sm:grid-cols-3 sm:items-start">
          <Field
            name="title"
            id="save-report-title"
            label="Report title"
            maxLength={TITLE_MAX}
            className="sm:col-span-2"
            key={`title-${state.values.title ?? ''}`}
            defaultValue={state.values.title ?? ''}
            errors={state.fieldErrors.title}
          />
          <FieldFrame id="save-report-expiry" label="Keep it for" errors={expiryErrors}>
            <select
              key={expiry}
              id="save-report-expiry"
              name="expiry"
              defaultValue={expiry}
              aria-invalid={expiryErrors ? true : undefined}
              aria-describedby={describedBy('save-report-expiry', undefined, expiryErrors)}
              className={controlClass(expiryErrors)}
            >
              {EXPIRY_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {EXPIRY_LABELS[c]}
                </option>
              ))}
            </select>
          </FieldFrame>
        </div>
        <SubmitButton pendingLabel="Saving…">Save report</SubmitButton>
      </form>
    </section>
  );
}
