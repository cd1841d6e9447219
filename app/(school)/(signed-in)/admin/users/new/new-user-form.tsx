'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { GroupOption } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../../_components/select-field';
import { addUserAction } from '../actions';

export function NewUserForm({ groups, domains }: { groups: GroupOption[]; domains: string[] }) {
  const [state, action] = useActionState(addUserAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="displayName"
        label="Name"
        autoComplete="off"
        maxLength={120}
        required
        defaultValue={state.values.displayName ?? ''}
        errors={state.fieldErrors.displayName}
      />
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="off"
        maxLength={320}
        required
        hint={
          domains.length > 0
            ? `This school allows addresses at ${domains.join(', ')}.`
            : 'The address they will sign in with.'
        }
        defaultValue={state.values.email ?? ''}
        errors={state.fieldErrors.email}
      />
      <SelectField
        name="userGroupId"
        label="User group"
        required
        placeholder="Choose a group…"
        defaultValue={state.values.userGroupId ?? ''}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        errors={state.fieldErrors.userGroupId}
      />
      <SubmitButton pendingLabel="Adding…">Add user</SubmitButton>
    </form>
  );
}
