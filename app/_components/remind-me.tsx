'use client';

import { usePathname } from 'next/navigation';
import { useActionState, useState } from 'react';
import { quickReminderAction } from '@/app/(school)/(signed-in)/planner/actions';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';

/**
 * "Remind me" in the header: a private reminder to oneself (text, when),
 * optionally about the page it is made on. It is a planner event with a
 * reminder at that time, so it arrives like every planner reminder.
 */
export function RemindMe() {
  const [state, action] = useActionState(quickReminderAction, initialFormState);
  const path = usePathname();
  // A key each time the form is opened: a double send of one reminder saves it once.
  const [key, setKey] = useState('');
  const e = state.fieldErrors;
  return (
    <details
      className="relative"
      onToggle={(ev) => {
        if (ev.currentTarget.open) setKey(crypto.randomUUID());
      }}
    >
      <summary className="cursor-pointer list-none rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
        Remind me
      </summary>
      <div className="fixed inset-x-2 z-30 mt-1 rounded-xl border border-slate-200 bg-white p-4 shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:w-80">
        <form action={action} className="space-y-3" noValidate>
          {key ? <input type="hidden" name="submissionKey" value={key} /> : null}
          <input type="hidden" name="from" value={path} />
          <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
          <Field
            id="remind-me-text"
            name="text"
            label="Remind me to"
            defaultValue={state.values.text ?? ''}
            errors={e.text}
            maxLength={200}
          />
          <Field
            id="remind-me-when"
            name="when"
            label="Date and time"
            type="datetime-local"
            defaultValue={state.values.when ?? ''}
            errors={e.when}
          />
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="aboutThisPage"
              defaultChecked={state.values.aboutThisPage === 'on'}
              className="h-5 w-5"
            />
            About this page
          </label>
          <SubmitButton pendingLabel="Saving…">Set reminder</SubmitButton>
        </form>
      </div>
    </details>
  );
}
