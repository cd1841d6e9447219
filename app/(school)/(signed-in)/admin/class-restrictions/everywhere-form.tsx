'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { GroupOption } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../_components/select-field';
import { listUserGroupEverywhereAction } from './actions';

/** "List a whole user group for every class": how the safeguarding team keeps seeing everyone. */
export function EverywhereForm({ groups }: { groups: GroupOption[] }) {
  const [state, action] = useActionState(listUserGroupEverywhereAction, initialFormState);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-56 grow">
        <SelectField
          name="userGroupId"
          label="List a whole user group for every class"
          required
          placeholder="Choose a group…"
          defaultValue={state.done ? '' : (state.values.userGroupId ?? '')}
          options={groups.map((g) => ({ value: g.id, label: g.name }))}
          errors={state.fieldErrors.userGroupId}
        />
      </div>
      <SubmitButton variant="secondary" pendingLabel="Listing…">
        List for every class
      </SubmitButton>
      <div className="basis-full">
        <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      </div>
    </form>
  );
}
