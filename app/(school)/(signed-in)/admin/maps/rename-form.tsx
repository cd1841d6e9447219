'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { renameMapAction } from './actions';

/** Renames an uploaded map in place; a refused title stays typed, with the reason under it. */
export function MapRenameForm({ mapId, title }: { mapId: string; title: string }) {
  const [state, action] = useActionState(renameMapAction, initialFormState);
  return (
    <details open={state.message ? true : undefined}>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
        Rename<span className="sr-only"> {title}</span>
      </summary>
      <form action={action} noValidate className="mt-2 space-y-2">
        <input type="hidden" name="mapId" value={mapId} />
        <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
        <Field
          name="title"
          id={`map-title-${mapId}`}
          label="New title"
          maxLength={80}
          key={state.done ? `saved-${title}` : 'typing'}
          defaultValue={state.done ? title : (state.values.title ?? title)}
          errors={state.fieldErrors.title}
        />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save title
        </SubmitButton>
      </form>
    </details>
  );
}
