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
 * their attention. Either for the given files (just uploaded), or with the
 * files as tick boxes: the library page draws one such form, so a large staff
 * list is carried once, not once per file.
 */
export function LibraryAlertForm({
  documentIds,
  files,
  options,
  idPrefix,
}: {
  documentIds: string[];
  /** When given, the files to choose from; `documentIds` are the ones ticked at first. */
  files?: { id: string; name: string }[];
  options: LibraryAlertOptions;
  idPrefix: string;
}) {
  const [state, action] = useActionState(alertLibraryUsersAction, initialFormState);
  const errors = [
    ...(state.fieldErrors.alertUserIds ?? []),
    ...(state.fieldErrors.alertGroupIds ?? []),
    // With tick boxes the files' own message sits beside them.
    ...(files ? [] : (state.fieldErrors.documentIds ?? [])),
  ];
  const requireChecked = state.done ? true : state.values.requireAction !== undefined || !state.message;
  return (
    <form action={action} className="space-y-3" noValidate>
      {files ? null : <input type="hidden" name="documentIds" value={documentIds.join(',')} />}
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      {files ? (
        <FileChoice
          files={files}
          ticked={state.values.documentIds !== undefined ? split(state.values.documentIds) : documentIds}
          errors={state.fieldErrors.documentIds}
          idPrefix={idPrefix}
          key={state.done ? `f-${state.message}` : `f-${state.values.documentIds ?? documentIds.join(',')}`}
        />
      ) : null}
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

function FileChoice({
  files,
  ticked,
  errors,
  idPrefix,
}: {
  files: { id: string; name: string }[];
  ticked: string[];
  errors: string[] | undefined;
  idPrefix: string;
}) {
  const errorId = `${idPrefix}-files-error`;
  return (
    <fieldset aria-describedby={errors ? errorId : undefined}>
      <legend className="font-medium text-slate-900">Files</legend>
      {errors ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
      <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto rounded-lg border border-slate-200 p-2">
        {files.map((f) => (
          <li key={f.id} className="flex items-start gap-3">
            <input
              id={`${idPrefix}-file-${f.id}`}
              type="checkbox"
              name="documentIds"
              value={f.id}
              defaultChecked={ticked.includes(f.id)}
              className="mt-1 size-5 shrink-0 accent-brand-700"
            />
            <label htmlFor={`${idPrefix}-file-${f.id}`} className="min-w-0 break-words text-slate-800">
              {f.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
