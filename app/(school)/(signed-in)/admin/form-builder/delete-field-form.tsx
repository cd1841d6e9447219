'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import type { FormKind } from '@/lib/settings';
import { deleteFieldAction } from './actions';

/** Delete, confirmed by a tick (works without JavaScript): values already recorded stay where they are. */
export function DeleteFieldForm({
  form,
  version,
  fieldId,
  label,
}: {
  form: FormKind;
  version: string;
  fieldId: string;
  label: string;
}) {
  const [state, remove] = useActionState(deleteFieldAction, initialFormState);
  const error = state.fieldErrors.confirm;
  return (
    <form
      action={remove}
      noValidate
      aria-labelledby="delete-field-heading"
      className="space-y-3 rounded-2xl border border-rose-200 bg-white p-5 shadow-sm"
    >
      <h2 id="delete-field-heading" className="text-lg font-semibold text-rose-900">
        Delete this field
      </h2>
      <p className="text-sm text-slate-700">
        Forms stop showing “{label}”. Values already recorded in it stay in their records, their history and their PDFs,
        under this name. This cannot be undone; to collect it again, add a new field.
      </p>
      <input type="hidden" name="form" value={form} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="fieldId" value={fieldId} />
      {state.message && !error ? <FormMessage message={state.message} /> : null}
      <label className="flex items-center gap-3 text-sm text-slate-800">
        <input
          type="checkbox"
          name="confirm"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'delete-confirm-error' : undefined}
          className="h-5 w-5 shrink-0 rounded border-slate-400 accent-rose-700"
        />
        Yes, delete “{label}”; recorded values stay
      </label>
      {error ? (
        <p id="delete-confirm-error" role="alert" className="text-sm text-rose-800">
          {error.join(' ')}
        </p>
      ) : null}
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete field
      </SubmitButton>
    </form>
  );
}
