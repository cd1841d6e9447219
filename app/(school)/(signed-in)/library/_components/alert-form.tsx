'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { LibraryAlertOptions } from '@/lib/library';
import { initialFormState } from '@/lib/http/client';
import { AlertPicker } from '../../incidents/new/alert-picker';
import { alertLibraryUsersAction } from '../actions';

const split = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);

/**
 * "Alert users" to library files: the incident form's picker, offering only
 * staff who may open the library, and "Require action" (they mark the file
 * read and understood). The email says only that a library document needs
 * their attention.
 */
export function LibraryAlertForm({
  documentIds,
  options,
  idPrefix,
}: {
  documentIds: string[];
  options: LibraryAlertOptions;
  idPrefix: string;
}) {
  const [state, action] = useActionState(alertLibraryUsersAction, initialFormState);
  const errors = [
    ...(state.fieldErrors.alertUserIds ?? []),
    ...(state.fieldErrors.alertGroupIds ?? []),
    ...(state.fieldErrors.documentIds ?? []),
  ];
  const requireChecked = state.done ? true : state.values.requireAction !== undefined || !state.message;
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="documentIds" value={documentIds.join(',')} />
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <p className="text-sm text-slate-600">
        They get a dashboard alert and an email that says only that a document in the library needs their attention.
        Only staff who may open the library are listed.
      </p>
      <AlertPicker
        // A fresh picker after each successful alert; the choices are kept after a refusal.
        key={state.done ? `done-${state.message}` : 'editing'}
        staff={options.staff}
        groups={options.groups}
        initialUsers={state.done ? [] : split(state.values.alertUserIds)}
        initialGroups={state.done ? [] : split(state.values.alertGroupIds)}
        required
        errors={errors.length > 0 ? errors : undefined}
      />
      <div className="flex items-start gap-3">
        <input
          id={`${idPrefix}-require-action`}
          name="requireAction"
          type="checkbox"
          defaultChecked={requireChecked}
          key={state.done ? `r-${state.message}` : `r-${String(requireChecked)}`}
          className="mt-1 size-5 accent-brand-700"
        />
        <label htmlFor={`${idPrefix}-require-action`} className="text-sm text-slate-800">
          <span className="font-medium">Require action</span>: each person marks the file as read and understood (the
          alert stays on their dashboard until they do)
        </label>
      </div>
      <SubmitButton pendingLabel="Alerting…">Send alert</SubmitButton>
    </form>
  );
}
