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
import { sendSupportRequestAction } from '../actions';

/** `submissionKey` is made when the page opens: sending twice (a doubled click, a replay) sends one request. */
export function SupportForm({ submissionKey }: { submissionKey: string }) {
  const [state, action] = useActionState(sendSupportRequestAction, initialFormState);
  const v = state.values;
  const messageErrors = state.fieldErrors.message;
  const hint = 'Never write a pupil’s name or details here: Haven support does not need them.';
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <Field
        name="subject"
        label="Subject"
        defaultValue={v.subject ?? ''}
        required
        maxLength={200}
        errors={state.fieldErrors.subject}
      />
      <Field
        name="phone"
        label="Phone (optional)"
        hint="If you would like a call back."
        type="tel"
        autoComplete="tel"
        defaultValue={v.phone ?? ''}
        maxLength={40}
        errors={state.fieldErrors.phone}
      />
      <FieldFrame id="field-message" label="Message" hint={hint} errors={messageErrors}>
        <textarea
          id="field-message"
          name="message"
          rows={6}
          required
          maxLength={5000}
          defaultValue={v.message ?? ''}
          aria-invalid={messageErrors?.length ? true : undefined}
          aria-describedby={describedBy('field-message', hint, messageErrors)}
          className={controlClass(messageErrors)}
        />
      </FieldFrame>
      <SubmitButton pendingLabel="Sending…">Send to Haven support</SubmitButton>
    </form>
  );
}
