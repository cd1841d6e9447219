'use client';

import { useActionState } from 'react';
import { RemoveKeysFields } from '@/app/_components/remove-keys-fields';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { GroupOption } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../../_components/select-field';
import {
  alertEmailAction,
  changeEmailAction,
  changeGroupAction,
  reactivateAction,
  removeKeysAction,
  sendPasswordLinkAction,
} from '../actions';

export function ChangeGroupForm({
  userId,
  groupId,
  groups,
}: {
  userId: string;
  groupId: string;
  groups: GroupOption[];
}) {
  const [state, action] = useActionState(changeGroupAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <SelectField
        name="userGroupId"
        label="User group"
        hint="What they may see and do here. Applies from their next click."
        defaultValue={state.values.userGroupId ?? groupId}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        errors={state.fieldErrors.userGroupId}
      />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Change group
      </SubmitButton>
    </form>
  );
}

/** The address someone signs in with, limited to the school's domains when it has a whitelist. */
function SignInEmailField({
  id,
  email,
  domains,
  errors,
  hint,
}: {
  id?: string;
  email: string;
  domains: string[];
  errors?: string[];
  hint: string;
}) {
  return (
    <Field
      name="email"
      id={id}
      label="Email address"
      type="email"
      autoComplete="off"
      maxLength={320}
      hint={domains.length > 0 ? `They sign in with it. Addresses at ${domains.join(', ')} only.` : hint}
      defaultValue={email}
      errors={errors}
    />
  );
}

export function ChangeEmailForm({ userId, email, domains }: { userId: string; email: string; domains: string[] }) {
  const [state, action] = useActionState(changeEmailAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <SignInEmailField
        email={state.values.email ?? email}
        domains={domains}
        errors={state.fieldErrors.email}
        hint="They sign in with it. Their old address is told of the change."
      />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Change email
      </SubmitButton>
    </form>
  );
}

/** "Remove all 2FA devices": only after the notice is read and the box ticked. */
export function RemoveKeysForm({ userId, name }: { userId: string; name: string }) {
  const [state, action] = useActionState(removeKeysAction, initialFormState);
  const errors = state.fieldErrors.understood;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <RemoveKeysFields
        name={name}
        errors={errors}
        whenToDoIt="Do this only when a device is lost or stolen, or when they ask for it. They are told by email, and the removal is recorded."
      />
    </form>
  );
}

export function SendPasswordLinkForm({ userId }: { userId: string }) {
  const [state, action] = useActionState(sendPasswordLinkAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        Send password reset email now
      </SubmitButton>
    </form>
  );
}

/**
 * Reactivation asks again for the address they sign in with and their user
 * group: both may have changed while they were away.
 */
export function ReactivateForm({
  userId,
  name,
  email,
  groupId,
  groups,
  domains,
}: {
  userId: string;
  name: string;
  email: string;
  groupId: string;
  groups: GroupOption[];
  domains: string[];
}) {
  const [state, action] = useActionState(reactivateAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <SignInEmailField
        id="reactivate-email"
        email={state.values.email ?? email}
        domains={domains}
        errors={state.fieldErrors.email}
        hint="They sign in with it. If it changes, their old address is told."
      />
      <SelectField
        name="userGroupId"
        id="reactivate-group"
        label="User group"
        hint="What they may see and do here once reactivated."
        defaultValue={state.values.userGroupId ?? groupId}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        errors={state.fieldErrors.userGroupId}
      />
      <SubmitButton pendingLabel="Reactivating…">
        Reactivate<span className="sr-only"> {name}</span>
      </SubmitButton>
    </form>
  );
}

/** Where this school's alert emails go for them: another address, or empty for their sign-in address. */
export function AlertEmailForm({
  userId,
  alertEmail,
  domains,
}: {
  userId: string;
  alertEmail: string | null;
  domains: string[];
}) {
  const [state, action] = useActionState(alertEmailAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <Field
        name="alertEmail"
        label="Alert email"
        type="email"
        autoComplete="off"
        maxLength={320}
        hint={`Where alerts from this school are emailed. Leave it empty to use their sign-in address.${
          domains.length > 0 ? ` Addresses at ${domains.join(', ')} only.` : ''
        }`}
        defaultValue={state.values.alertEmail ?? alertEmail ?? ''}
        errors={state.fieldErrors.alertEmail}
      />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save alert email
      </SubmitButton>
    </form>
  );
}
