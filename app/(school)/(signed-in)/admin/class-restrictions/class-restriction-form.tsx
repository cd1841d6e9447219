'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { AlertGroupCandidate, ClassRestrictionDetail, GroupOption } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { DualListBox } from '../alert-groups/dual-list-box';
import { updateClassRestrictionAction } from './actions';

export function ClassRestrictionForm({
  detail,
  candidates,
  groups,
}: {
  detail: ClassRestrictionDetail;
  candidates: AlertGroupCandidate[];
  groups: GroupOption[];
}) {
  const [state, action] = useActionState(updateClassRestrictionAction, initialFormState);
  const submitted = !state.done && state.values.groupName !== undefined ? state.values : null;
  const people = submitted ? (submitted.memberIds ?? '').split(',').filter(Boolean) : detail.memberIds;
  const wholeGroups = new Set(
    submitted ? (submitted.userGroupIds ?? '').split(',').filter(Boolean) : detail.userGroupIds,
  );
  return (
    <form action={action} className="space-y-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="groupName" value={detail.name} />
      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">Whole user groups</legend>
        <p className="text-sm text-slate-600">
          Everyone in a ticked group may see this class, including people who join the group later.
        </p>
        <UserGroupChecks
          key={[...wholeGroups].join(',')}
          groups={groups}
          initial={wholeGroups}
          errors={state.fieldErrors.userGroupIds}
        />
      </fieldset>
      <DualListBox
        key={people.join(',')}
        name="memberIds"
        candidates={candidates}
        groups={groups}
        initial={people}
        errors={state.fieldErrors.memberIds}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}

function UserGroupChecks({
  groups,
  initial,
  errors,
}: {
  groups: GroupOption[];
  initial: Set<string>;
  errors?: string[];
}) {
  return (
    <div>
      <ul className="grid gap-2 sm:grid-cols-2">
        {groups.map((g) => (
          <li key={g.id}>
            <label className="flex min-h-11 items-center gap-3 rounded-lg border border-slate-200 px-3 py-2 hover:bg-slate-50">
              <input
                type="checkbox"
                name="userGroupIds"
                value={g.id}
                defaultChecked={initial.has(g.id)}
                className="size-5 accent-brand-600"
              />
              <span>{g.name}</span>
            </label>
          </li>
        ))}
      </ul>
      {errors?.length ? <p className="mt-1 text-sm text-red-700">{errors.join(' ')}</p> : null}
    </div>
  );
}
