'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-controls';
import { initialFormState, type FormState } from '@/lib/http/client';

/**
 * A small form around one server action (remove this, add that), with the
 * action's message beneath it. The fields are the children, rendered by the
 * server page; the state only carries the message.
 */
export function ActionForm({
  action,
  children,
  className = '',
  label,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  /** Accessible name of the form, when it has no heading of its own. */
  label?: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction} aria-label={label} className={className}>
      {children}
      {state.message ? (
        <div className="mt-2 basis-full">
          <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
        </div>
      ) : null}
    </form>
  );
}
