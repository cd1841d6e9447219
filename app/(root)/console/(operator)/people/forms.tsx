'use client';

import { useActionState } from 'react';
import { RemoveKeysFields } from '@/app/_components/remove-keys-fields';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { consoleAddMembershipAction, consoleChangeEmailAction, consoleRemoveKeysAction } from './actions';

/** Adds the person to another school, in one of its user groups: they sign in there with what they already have. */
export function AddMembershipForm({
  email,
  schools,
  groups,
}: {
  email: string;
  schools: { slug: string; name: string }[];
  groups: string[];
}) {
  const [state, action] = useActionState(consoleAddMembershipAction, initialFormState);
  const v = state.values;
  const schoolErrors = state.fieldErrors.school;
  const groupErrors = state.fieldErrors.group;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="email" value={email} />
      <FieldFrame id="field-school" label="School" errors={schoolErrors}>
        <select
          id="field-school"
          name="school"
          defaultValue={v.school ?? ''}
          aria-invalid={schoolErrors?.length ? true : undefined}
          aria-describedby={describedBy('field-school', undefined, schoolErrors)}
          className={controlClass(schoolErrors)}
        >
          <option value="">Choose a school</option>
          {schools.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.name} ({s.slug})
            </option>
          ))}
        </select>
      </FieldFrame>
      <FieldFrame id="field-group" label="User group" errors={groupErrors}>
        <select
          id="field-group"
          name="group"
          defaultValue={v.group ?? ''}
          aria-invalid={groupErrors?.length ? true : undefined}
          aria-describedby={describedBy('field-group', undefined, groupErrors)}
          className={controlClass(groupErrors)}
        >
          <option value="">Choose a user group</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </FieldFrame>
      <SubmitButton pendingLabel="Adding…">Add to this school</SubmitButton>
    </form>
  );
}

/** The address they sign in with, at every school they belong to; the old address is told. */
export function ChangeEmailForm({ email }: { email: string }) {
  const [state, action] = useActionState(consoleChangeEmailAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="from" value={email} />
      <Field
        name="to"
        label="New email address"
        type="email"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={state.values.to ?? ''}
        required
        maxLength={320}
        errors={state.fieldErrors.to}
      />
      <SubmitButton pendingLabel="Changing…">Change the address everywhere</SubmitButton>
    </form>
  );
}

/** "Remove all 2FA devices": only after the notice is read and the box ticked. */
export function RemoveKeysForm({ email, name }: { email: string; name: string }) {
  const [state, action] = useActionState(consoleRemoveKeysAction, initialFormState);
  const errors = state.fieldErrors.understood;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="email" value={email} />
      <RemoveKeysFields
        name={name}
        errors={errors}
        whenToDoIt="Do this only when a device is lost or stolen, or when they ask for it, and you have checked who is asking. They are told by email, and the removal is recorded in each of their schools."
      />
    </form>
  );
}
