'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { GroupOption, OfferableStaff } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../../_components/select-field';
import { addStaffUserAction } from '../actions';

export function StaffUserForm({
  staff,
  groups,
  domains,
}: {
  staff: OfferableStaff[];
  groups: GroupOption[];
  domains: string[];
}) {
  const [state, action] = useActionState(addStaffUserAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <SelectField
        name="misStaffId"
        id="staff-misStaffId"
        label="Staff member"
        required
        placeholder="Choose someone…"
        defaultValue={state.values.misStaffId ?? ''}
        options={staff.map((s) => ({
          value: s.id,
          label: [s.displayName, s.jobTitle, s.email ?? 'no email in the MIS'].filter(Boolean).join(' · '),
        }))}
        errors={state.fieldErrors.misStaffId}
      />
      <SelectField
        name="userGroupId"
        id="staff-userGroupId"
        label="User group"
        required
        placeholder="Choose a group…"
        defaultValue={state.values.userGroupId ?? ''}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        errors={state.fieldErrors.userGroupId}
      />
      <Field
        name="email"
        id="staff-email"
        label="Email address (optional)"
        type="email"
        autoComplete="off"
        maxLength={320}
        hint={`Leave blank to use the address in the MIS.${domains.length > 0 ? ` This school allows addresses at ${domains.join(', ')}.` : ''}`}
        defaultValue={state.values.email ?? ''}
        errors={state.fieldErrors.email}
      />
      <SubmitButton pendingLabel="Adding…">Add from staff list</SubmitButton>
    </form>
  );
}
