'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { createIntegrationAction, revokeIntegrationAction, rotateIntegrationAction } from './actions';

interface Option {
  id: string;
  name: string;
}

function TokenOnce({ token }: { token: string | undefined }) {
  if (!token) return null;
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-3">
      <label htmlFor="integration-token" className="block font-medium text-amber-950">
        API token (shown only once)
      </label>
      <input
        id="integration-token"
        readOnly
        value={token}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-1 w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-sm"
      />
    </div>
  );
}

export function NewIntegrationForm({
  categories,
  people,
  alertGroups,
}: {
  categories: Option[];
  people: Option[];
  alertGroups: Option[];
}) {
  const [state, formAction] = useActionState(createIntegrationAction, initialFormState);
  const chosen = (field: string) => (state.done ? [] : (state.values[field] ?? '').split(',').filter(Boolean));
  return (
    <form
      action={formAction}
      className="space-y-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
      noValidate
    >
      <h2 className="text-lg font-semibold">Add an integration</h2>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <TokenOnce token={state.done ? state.values.token : undefined} />
      <Field
        name="name"
        label="Product name"
        hint="For example the school’s web filtering or monitoring service."
        maxLength={80}
        required
        className="max-w-md"
        defaultValue={state.done ? '' : state.values.name}
        errors={state.fieldErrors.name}
      />
      <div>
        <label htmlFor="integration-category" className="block font-medium">
          Category its concerns go to
        </label>
        <select
          id="integration-category"
          name="categoryId"
          defaultValue={state.done ? '' : state.values.categoryId}
          className="mt-1 min-h-11 w-full max-w-md rounded-lg border border-slate-300 px-3"
          aria-describedby={state.fieldErrors.categoryId ? 'integration-category-error' : undefined}
        >
          <option value="">Choose a category</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {state.fieldErrors.categoryId ? (
          <p id="integration-category-error" className="mt-1 text-sm text-red-700">
            {state.fieldErrors.categoryId.join(' ')}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend className="font-medium">Staff to alert</legend>
        {state.fieldErrors.alertUserIds ? (
          <p className="text-sm text-red-700">{state.fieldErrors.alertUserIds.join(' ')}</p>
        ) : null}
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {people.map((p) => (
            <label key={p.id} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name="alertUserIds"
                value={p.id}
                defaultChecked={chosen('alertUserIds').includes(p.id)}
              />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="font-medium">Alert groups to alert</legend>
        {state.fieldErrors.alertGroupIds ? (
          <p className="text-sm text-red-700">{state.fieldErrors.alertGroupIds.join(' ')}</p>
        ) : null}
        {alertGroups.length === 0 ? <p className="text-sm text-slate-600">No alert groups yet.</p> : null}
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {alertGroups.map((g) => (
            <label key={g.id} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name="alertGroupIds"
                value={g.id}
                defaultChecked={chosen('alertGroupIds').includes(g.id)}
              />
              {g.name}
            </label>
          ))}
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Adding…">Add integration</SubmitButton>
    </form>
  );
}

export function IntegrationControls({ integrationId, name }: { integrationId: string; name: string }) {
  const [rotated, rotate] = useActionState(rotateIntegrationAction, initialFormState);
  const [revoked, revoke] = useActionState(revokeIntegrationAction, initialFormState);
  return (
    <div className="space-y-2">
      <FormMessage message={rotated.message} tone={rotated.done ? 'success' : 'error'} />
      <TokenOnce token={rotated.done ? rotated.values.token : undefined} />
      <FormMessage message={revoked.message} tone={revoked.done ? 'success' : 'error'} />
      <div className="flex flex-wrap gap-2">
        <form action={rotate}>
          <input type="hidden" name="integrationId" value={integrationId} />
          <SubmitButton variant="secondary" pendingLabel="Replacing…">
            <span>
              New token<span className="sr-only"> for {name}</span>
            </span>
          </SubmitButton>
        </form>
        <form
          action={revoke}
          onSubmit={(e) => {
            if (!window.confirm(`Revoke ${name}? Its token stops working at once.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="integrationId" value={integrationId} />
          <SubmitButton variant="secondary" pendingLabel="Revoking…">
            <span>
              Revoke<span className="sr-only"> {name}</span>
            </span>
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}
