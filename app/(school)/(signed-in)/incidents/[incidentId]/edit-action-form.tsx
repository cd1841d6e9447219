'use client';

import { useActionState } from 'react';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { ActionForEdit } from '@/lib/incidents';
import { initialFormState } from '@/lib/http/client';
import { ActionFormFields, postedCustomValues } from './action-form-fields';
import { TextArea, When } from './forms';
import { editActionAction } from './manage-actions';

/**
 * Editing an action: its text, when, agencies and custom fields, in the order
 * of the school's action form. Saving makes a new version; the version it
 * started from and the page's submission key travel with it, so a stale edit
 * is refused and a doubled submit is saved once.
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
  const errors = state.fieldErrors;
  return (
    <form action={save} className="space-y-5" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="actionId" value={act.id} />
      <input type="hidden" name="version" value={act.version} />
      <input type="hidden" name="submissionKey" value={v?.submissionKey || submissionKey} />
      <ActionFormFields
        form={act.form}
        values={v ?? postedCustomValues(act.customValues)}
        errors={errors}
        ticked={[]}
        fixed={act.categoryIds}
        builtIns={{
          text: (
            <TextArea
              name="text"
              label="Action taken"
              hint="What was done, who was spoken to, what happens next."
              rows={6}
              value={v?.text ?? act.text}
              errors={errors.text}
            />
          ),
          occurredAt: <When value={v?.occurredAt ?? act.occurredAt} max={now} errors={errors.occurredAt} />,
          agencies: (
            <AgencyPicker
              options={act.agencyOptions}
              chosen={v ? (v.agencyIds ?? '').split(',').filter(Boolean) : act.agencyIds}
              other={v?.agencies ?? act.agencies.join('\n')}
              errors={{ agencyIds: errors.agencyIds, agencies: errors.agencies }}
            />
          ),
        }}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
