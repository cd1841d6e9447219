'use client';

import { useActionState } from 'react';
import { describedBy, controlClass, FieldFrame } from '@/app/_components/field-frame';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { logoFromLibraryAction } from './actions';

/** "Use an image from the library": the library's PNG and JPEG files small enough to be the logo. */
export function LibraryLogoForm({ images }: { images: { id: string; name: string }[] }) {
  const [state, action] = useActionState(logoFromLibraryAction, initialFormState);
  const id = 'field-libraryDocumentId';
  const errors = state.fieldErrors.libraryDocumentId;
  const hint = 'PNG or JPEG files of the library, at most 512 KB. The same checks apply as for an upload.';
  if (images.length === 0)
    return (
      <p className="text-sm text-slate-600">
        To use an image from the library, add a PNG or JPEG of at most 512 KB to the library first.
      </p>
    );
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <FieldFrame id={id} label="Use an image from the library" hint={hint} errors={errors}>
        <select
          id={id}
          name="libraryDocumentId"
          key={state.values.libraryDocumentId ?? ''}
          defaultValue={state.done ? '' : (state.values.libraryDocumentId ?? '')}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, hint, errors)}
          className={controlClass(errors)}
        >
          <option value="">Choose an image…</option>
          {images.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </FieldFrame>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Use this image
      </SubmitButton>
    </form>
  );
}
