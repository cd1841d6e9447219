'use client';

import { useActionState } from 'react';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { createSchoolAction } from '../../school-actions';

export function CreateSchoolForm({ zones }: { zones: string[] }) {
  const [state, action] = useActionState(createSchoolAction, initialFormState);
  const v = state.values;
  const zoneErrors = state.fieldErrors.timeZone;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="slug"
        label="Address"
        hint="The school’s part of its web address: 2–40 lower-case letters, digits and hyphens."
        defaultValue={v.slug ?? ''}
        required
        autoCapitalize="none"
        spellCheck={false}
        errors={state.fieldErrors.slug}
      />
      <Field name="name" label="School name" defaultValue={v.name ?? ''} required errors={state.fieldErrors.name} />
      <Field
        name="trustName"
        label="Trust (optional)"
        defaultValue={v.trustName ?? ''}
        errors={state.fieldErrors.trustName}
      />
      <FieldFrame id="field-timeZone" label="Time zone" errors={zoneErrors}>
        <select
          id="field-timeZone"
          name="timeZone"
          defaultValue={v.timeZone ?? 'Europe/London'}
          aria-invalid={zoneErrors?.length ? true : undefined}
          aria-describedby={describedBy('field-timeZone', undefined, zoneErrors)}
          className={controlClass(zoneErrors)}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </FieldFrame>
      <Field
        name="adminName"
        label="First administrator’s name"
        defaultValue={v.adminName ?? ''}
        required
        errors={state.fieldErrors.adminName}
      />
      <Field
        name="adminEmail"
        label="First administrator’s email"
        type="email"
        defaultValue={v.adminEmail ?? ''}
        required
        errors={state.fieldErrors.adminEmail}
      />
      <SubmitButton pendingLabel="Creating…">Create school</SubmitButton>
    </form>
  );
}
