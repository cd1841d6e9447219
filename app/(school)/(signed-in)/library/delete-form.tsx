'use client';

import { useActionState } from 'react';
import { controlClass, describedBy, FieldFrame, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { deleteLibraryFileAction } from './actions';

/** Delete one library file, with the reason kept beside it (it stays restorable). */
export function DeleteLibraryFileForm({ documentId, name }: { documentId: string; name: string }) {
  const [state, action] = useActionState(deleteLibraryFileAction, initialFormState);
  const id = `reason-${documentId.slice(0, 8)}`;
  const errors = state.fieldErrors.reason;
  return (
    <form action={action} className="space-y-2" noValidate>
      <input type="hidden" name="documentId" value={documentId} />
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
