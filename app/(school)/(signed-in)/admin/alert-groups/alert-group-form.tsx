'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { AlertGroupCandidate, GroupOption } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { archiveAlertGroupAction, createAlertGroupAction, updateAlertGroupAction } from './actions';
import { DualListBox } from './dual-list-box';

export function AlertGroupForm({
  alertGroup,
  candidates,
  groups,
}: {
  alertGroup: { id: string | null; name: string; memberIds: string[] };
  candidates: AlertGroupCandidate[];
  groups: GroupOption[];
}) {
  const [state, action] = useActionState(
    alertGroup.id ? updateAlertGroupAction : createAlertGroupAction,
    initialFormState,
  );
  const submitted = !state.done && state.values.name !== undefined ? state.values : null;
  const initial = submitted ? (submitted.memberIds ?? '').split(',').filter(Boolean) : alertGroup.memberIds;
  return (
    <form action={action} className="space-y-5 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      {alertGroup.id ? <input type="hidden" name="alertGroupId" value={alertGroup.id} /> : null}
      <Field
        name="name"
        label="Name"
        maxLength={80}
        required
        className="max-w-md"
        defaultValue={submitted?.name ?? alertGroup.name}
        errors={state.fieldErrors.name}
      />
      {/* Re-mounted after a refused save so the lists show what was submitted. */}
      <DualListBox
        key={initial.join(',')}
        name="memberIds"
        candidates={candidates}
        groups={groups}
        initial={initial}
        errors={state.fieldErrors.memberIds}
      />
      <SubmitButton pendingLabel="Saving…">{alertGroup.id ? 'Save changes' : 'Create alert group'}</SubmitButton>
    </form>
  );
}

export function ArchiveAlertGroupButton({ alertGroupId, name }: { alertGroupId: string; name: string }) {
  const [state, action] = useActionState(archiveAlertGroupAction, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Archive “${name}”? It will no longer be offered for alerts.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="alertGroupId" value={alertGroupId} />
      <FormMessage message={state.message} />
      <SubmitButton variant="secondary" pendingLabel="Archiving…">
        Archive alert group
      </SubmitButton>
    </form>
  );
}
