'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { authoriseTransferAction, confirmReceiptAction, declineTransferAction, requestTransferAction } from './actions';

export function RequestTransferForm({ transferId }: { transferId: string }) {
  const [state, act] = useActionState(requestTransferAction, initialFormState);
  return (
    <form action={act} className="space-y-2">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="transferId" value={transferId} />
      {!state.done && <SubmitButton pendingLabel="Requesting…">Request</SubmitButton>}
    </form>
  );
}

export function ConfirmReceiptForm({ transferId }: { transferId: string }) {
  const [state, act] = useActionState(confirmReceiptAction, initialFormState);
  return (
    <form action={act} className="space-y-2">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="transferId" value={transferId} />
      {!state.done && <SubmitButton pendingLabel="Confirming…">Confirm receipt</SubmitButton>}
    </form>
  );
}

export function DeclineTransferForm({ transferId }: { transferId: string }) {
  const [state, act] = useActionState(declineTransferAction, initialFormState);
  if (state.done) return <FormMessage message={state.message} tone="success" />;
  return (
    <form action={act} className="space-y-2">
      <FormMessage message={state.message} />
      <input type="hidden" name="transferId" value={transferId} />
      <Field
        id={`decline-reason-${transferId}`}
        name="reason"
        label="Reason for declining"
        hint="The new school reads this. Do not name the pupil."
        defaultValue={state.values.reason ?? ''}
        errors={state.fieldErrors.reason}
        maxLength={1000}
      />
      <SubmitButton variant="danger" pendingLabel="Declining…">
        Decline
      </SubmitButton>
    </form>
  );
}

export function AuthoriseTransferForm({ transferId }: { transferId: string }) {
  const [state, act] = useActionState(authoriseTransferAction, initialFormState);
  return (
    <form action={act} className="space-y-2">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="transferId" value={transferId} />
      {!state.done && <SubmitButton pendingLabel="Sending…">Authorise and send</SubmitButton>}
    </form>
  );
}
