'use client';

import { useActionState } from 'react';
import { controlClass, describedBy, FieldFrame, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { answerSupportAction } from '../actions';

export function AnswerForm({ requestId, current }: { requestId: string; current: string }) {
  const [state, action] = useActionState(answerSupportAction, initialFormState);
  const errors = state.fieldErrors.answer;
  const hint = 'The school reads this in Haven; the email only tells them it is there.';
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="requestId" value={requestId} />
      <FieldFrame id="field-answer" label="Answer" hint={hint} errors={errors}>
        <textarea
          id="field-answer"
          name="answer"
          rows={6}
          required
          maxLength={5000}
          defaultValue={state.values.answer ?? current}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy('field-answer', hint, errors)}
          className={controlClass(errors)}
        />
      </FieldFrame>
      <SubmitButton pendingLabel="Sending…">Send answer</SubmitButton>
    </form>
  );
}
