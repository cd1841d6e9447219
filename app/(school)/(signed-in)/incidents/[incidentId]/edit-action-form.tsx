'use client';

import { useActionState } from 'react';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { ActionForEdit } from '@/lib/incidents';
import { initialFormState } from '@/lib/http/client';
import { TextArea, When } from './forms';
import { editActionAction } from './manage-actions';

/**
 * Editing an action: its text, when and agencies. Saving makes a new version;
 * the version it started from and the page's submission key travel with it,
 * so a stale edit is refused and a doubled submit is saved once.
 */
export function EditActionForm({
  action: act,
  submissionKey,
  now,
}: {
  action: ActionForEdit;
  submissionKey: string;
  now: string;
}) {
  const [state, save] = useActionState(editActionAction, initialFormState);
  const v = state.message ? state.values : null;
  return (
    <form action={save} className="space-y-5" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="actionId" value={act.id} />
      <input type="hidden" name="version" value={act.version} />
      <input type="hidden" name="submissionKey" value={v?.submissionKey || submissionKey} />
      <TextArea
        name="text"
        label="Action taken"
        hint="What was done, who was spoken to, what happens next."
        rows={6}
        value={v?.text ?? act.text}
        errors={state.fieldErrors.text}
      />
      <When value={v?.occurredAt ?? act.occurredAt} max={now} errors={state.fieldErrors.occurredAt} />
      <AgencyPicker
        options={act.agencyOptions}
        chosen={v ? (v.agencyIds ?? '').split(',').filter(Boolean) : act.agencyIds}
        other={v?.agencies ?? act.agencies.join('\n')}
        errors={{ agencyIds: state.fieldErrors.agencyIds, agencies: state.fieldErrors.agencies }}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
