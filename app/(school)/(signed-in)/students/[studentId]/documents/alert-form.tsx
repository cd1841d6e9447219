'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { PersonOption } from '@/lib/incidents';
import { initialFormState } from '@/lib/http/client';
import { AlertPicker } from '../../../incidents/new/alert-picker';
import { alertDocumentAction } from './actions';

const split = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);

/**
 * "Alert users" to one document: the same picker as on incidents, offering
 * only the staff who may read this document (the vault's rule for a direct
 * upload, the incident's for a record's file). The alert and its email
 * say only that a document was shared.
 */
export function AlertDocumentForm({
  studentId,
  documentId,
  staff,
  groups,
  readers,
}: {
  studentId: string;
  documentId: string;
  staff: PersonOption[];
  groups: { id: string; name: string; members: number }[];
  /** Whose rule decides who may read it: the vault's, or the incident's the file belongs to. */
  readers: 'vault' | 'record';
}) {
  const [state, action] = useActionState(alertDocumentAction, initialFormState);
  const errors = [...(state.fieldErrors.alertUserIds ?? []), ...(state.fieldErrors.alertGroupIds ?? [])];
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="documentId" value={documentId} />
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <p className="text-sm text-slate-600">
        They get a dashboard alert and an email that says only that a document was shared with them.{' '}
        {readers === 'vault'
          ? 'Only staff who may see this pupil’s documents are listed.'
          : 'Only staff who may see the incident this file belongs to are listed.'}
      </p>
      <AlertPicker
        // A fresh picker after each successful alert; the choices are kept after a refusal.
        key={state.done ? `done-${state.message}` : 'editing'}
        staff={staff}
        groups={groups}
        initialUsers={state.done ? [] : split(state.values.alertUserIds)}
        initialGroups={state.done ? [] : split(state.values.alertGroupIds)}
        required
        errors={errors.length > 0 ? errors : undefined}
      />
      <SubmitButton pendingLabel="Alerting…">Send alert</SubmitButton>
    </form>
  );
}
