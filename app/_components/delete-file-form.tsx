'use client';

import { useActionState } from 'react';
import { controlClass, describedBy, FieldFrame, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState, type FormState } from '@/lib/http/client';

/**
 * Delete one stored file (a pupil's document, a library file) with the reason
 * kept beside it: the file stays restorable. `fields` are the hidden ids the
 * action reads (the file's, and the pupil's where it has one).
 */
export function DeleteFileForm({
  action: deleteAction,
  fields,
  name,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: { documentId: string } & Record<string, string>;
  name: string;
}) {
  const [state, action] = useActionState(deleteAction, initialFormState);
  const id = `reason-${fields.documentId.slice(0, 8)}`;
  const errors = state.fieldErrors.reason;
  return (
    <form action={action} className="space-y-2" noValidate>
      {Object.entries(fields).map(([field, value]) => (
        <input key={field} type="hidden" name={field} value={value} />
      ))}
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <FieldFrame id={id} label={`Why delete “${name}”?`} errors={errors}>
        <input
          id={id}
          name="reason"
          defaultValue={state.values.reason ?? ''}
          maxLength={500}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, undefined, errors)}
          className={controlClass(errors)}
        />
      </FieldFrame>
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete
      </SubmitButton>
    </form>
  );
}
