'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import {
  CATEGORY_RIGHTS,
  CATEGORY_RIGHT_LABELS,
  SYSTEM_PERMISSION_LABELS,
  SYSTEM_PERMISSIONS,
  type SystemPermission,
} from '@/lib/admin/client';
import type { MatrixCategory, MatrixTopCategory } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { createGroupAction, updateGroupAction } from './actions';

export interface GroupFormValues {
  id: string | null;
  name: string;
  description: string;
  permissions: SystemPermission[];
  matrix: MatrixTopCategory[];
  isOwnGroup: boolean;
}

const cellValue = (categoryId: string, right: string) => `${categoryId}:${right}`;

/**
 * Create or edit a user group: name, description, system permissions and the
 * category matrix. Every box is a real checkbox, so the form works by keyboard
 * and without JavaScript; after a refused save the boxes show what was ticked.
 */
export function GroupForm({ group }: { group: GroupFormValues }) {
  const [state, action] = useActionState(group.id ? updateGroupAction : createGroupAction, initialFormState);
  // After a refused save the page shows what was submitted, not what is stored.
  const submitted = state.done ? null : state.values.name !== undefined ? state.values : null;
  const ticked = (field: 'permissions' | 'cells', value: string, stored: boolean) =>
    submitted ? (submitted[field] ?? '').split(',').includes(value) : stored;

  const row = (c: MatrixCategory, child: boolean) => (
    <tr key={c.id} className={child ? '' : 'border-t border-slate-200 bg-slate-50/60'}>
      <th
        scope="row"
        className={`py-1.5 pr-1 text-left sm:pr-3 ${child ? 'pl-6 font-normal text-slate-700 sm:pl-8' : 'pl-3 font-semibold'}`}
      >
        <span className="inline-flex items-center gap-2">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-3 shrink-0 rounded-full"
            style={{ backgroundColor: c.colour }}
          />
          {c.name}
          {c.archived ? <span className="text-xs font-normal text-slate-500">(archived)</span> : null}
        </span>
      </th>
      {CATEGORY_RIGHTS.map((r) => (
        <td key={r} className="px-1 py-1.5 text-center sm:px-3">
          <input
            type="checkbox"
            name="cells"
            value={cellValue(c.id, r)}
            defaultChecked={ticked('cells', cellValue(c.id, r), c.rights[r])}
            aria-label={`${CATEGORY_RIGHT_LABELS[r]}: ${c.name}`}
            className="h-5 w-5 rounded border-slate-400"
          />
        </td>
      ))}
    </tr>
  );

  return (
    <form action={action} className="space-y-6" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      {group.id ? <input type="hidden" name="groupId" value={group.id} /> : null}

      <div className="grid gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm md:grid-cols-2">
        <Field
          name="name"
          label="Name"
          maxLength={60}
          required
          defaultValue={submitted?.name ?? group.name}
          errors={state.fieldErrors.name}
        />
        <div>
          <label htmlFor="field-description" className="block text-sm font-medium text-slate-800">
            Description
          </label>
          <textarea
            id="field-description"
            name="description"
            rows={2}
            maxLength={300}
            defaultValue={submitted?.description ?? group.description}
            aria-invalid={state.fieldErrors.description?.length ? true : undefined}
            aria-describedby={state.fieldErrors.description?.length ? 'field-description-error' : undefined}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600"
          />
          {state.fieldErrors.description?.length ? (
            <p id="field-description-error" className="mt-1 text-sm font-medium text-rose-700">
              {state.fieldErrors.description.join(' ')}
            </p>
          ) : null}
        </div>
      </div>

      <fieldset
        className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
        aria-describedby={state.fieldErrors.permissions?.length ? 'permissions-error' : undefined}
      >
        <legend className="px-1 text-lg font-semibold">System permissions</legend>
        <p className="text-sm text-slate-600">
          Anything beyond adding incidents and viewing the library needs the person’s key (second factor) in each
          session.
          {group.isOwnGroup ? ' This is your own group: it must keep Administration.' : ''}
        </p>
        {state.fieldErrors.permissions?.length ? (
          <p id="permissions-error" className="mt-2 text-sm font-medium text-rose-700">
            {state.fieldErrors.permissions.join(' ')}
          </p>
        ) : null}
        <ul className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
          {SYSTEM_PERMISSIONS.map((p) => (
            <li key={p}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="permissions"
                  value={p}
                  defaultChecked={ticked('permissions', p, group.permissions.includes(p))}
                  className="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-400"
                />
                <span>
                  <span className="block font-medium text-slate-800">{SYSTEM_PERMISSION_LABELS[p].label}</span>
                  {SYSTEM_PERMISSION_LABELS[p].hint ? (
                    <span className="block text-sm text-slate-600">{SYSTEM_PERMISSION_LABELS[p].hint}</span>
                  ) : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <section aria-labelledby="matrix-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
        <div className="p-5 pb-3">
          <h2 id="matrix-heading" className="text-lg font-semibold">
            Categories
          </h2>
          <p className="text-sm text-slate-600">
            View students: see that a pupil is monitored in the category. View incidents: read records in it; a record
            with several categories needs every one of them. Add incidents: offer the category when recording a concern.
          </p>
          {state.fieldErrors.cells?.length ? (
            <p className="mt-2 text-sm font-medium text-rose-700">{state.fieldErrors.cells.join(' ')}</p>
          ) : null}
        </div>
        {/* Focusable so keyboard users can scroll the matrix sideways on a narrow screen. */}
        <div role="region" aria-label="Category permissions" tabIndex={0} className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Rights of this group in each category</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-semibold">
                  Category
                </th>
                {CATEGORY_RIGHTS.map((r) => (
                  <th
                    key={r}
                    scope="col"
                    className="w-16 px-1 py-2 text-center text-xs font-semibold sm:w-24 sm:px-3 sm:text-sm"
                  >
                    {CATEGORY_RIGHT_LABELS[r]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{group.matrix.flatMap((top) => [row(top, false), ...top.children.map((c) => row(c, true))])}</tbody>
          </table>
        </div>
      </section>

      <SubmitButton pendingLabel="Saving…">{group.id ? 'Save changes' : 'Create group'}</SubmitButton>
    </form>
  );
}
