'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { CATEGORY_RIGHTS, CATEGORY_RIGHT_LABELS } from '@/lib/admin/client';
import type { NewCategoryChoices } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../_components/select-field';
import { createCategoryAction } from './actions';
import { ColourField } from './colour-field';

const cellValue = (groupId: string, right: string) => `${groupId}:${right}`;

/**
 * A new category: name, colour, parent, and what every user group may do in
 * it, saved together. Real checkboxes, so the grid works by keyboard and
 * without JavaScript; a refused save keeps what was typed and ticked.
 */
export function NewCategoryForm({ choices }: { choices: NewCategoryChoices }) {
  const [state, action] = useActionState(createCategoryAction, initialFormState);
  const submitted = state.values.name !== undefined ? state.values : null;
  const ticked = (value: string) => (submitted?.rights ?? '').split(',').includes(value);

  return (
    <form action={action} className="space-y-6" noValidate>
      <FormMessage message={state.message} />
      <div className="grid gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm md:grid-cols-2">
        <Field
          name="name"
          label="Name"
          maxLength={60}
          required
          defaultValue={submitted?.name ?? ''}
          errors={state.fieldErrors.name}
        />
        <SelectField
          name="parentId"
          label="Parent category"
          hint="Leave blank for a top-level category. Sub-categories have no sub-categories of their own."
          placeholder="None (top-level)"
          options={choices.parents.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={submitted?.parentId ?? ''}
          errors={state.fieldErrors.parentId}
        />
        <ColourField
          defaultValue={submitted?.colour ?? '#2563eb'}
          errors={state.fieldErrors.colour}
          copyFrom={choices.colours}
        />
      </div>

      <section aria-labelledby="grid-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
        <div className="p-5 pb-3">
          <h2 id="grid-heading" className="text-lg font-semibold">
            Permissions
          </h2>
          <p className="text-sm text-slate-600">
            What each user group may do in this category. View students: see that a pupil is monitored in it. View
            incidents: read records in it. Add incidents: offer it when recording a concern. Nothing ticked: the group
            does not see the category at all.
          </p>
          {state.fieldErrors.rights?.length ? (
            <p className="mt-2 text-sm font-medium text-rose-700">{state.fieldErrors.rights.join(' ')}</p>
          ) : null}
        </div>
        {/* Focusable so keyboard users can scroll the grid sideways on a narrow screen. */}
        <div role="region" aria-label="Permissions of each user group" tabIndex={0} className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Rights of each user group in the new category</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-semibold">
                  User group
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
            <tbody>
              {choices.groups.map((g) => (
                <tr key={g.id} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-1.5 text-left font-medium break-words">
                    {g.name}
                  </th>
                  {CATEGORY_RIGHTS.map((r) => (
                    <td key={r} className="px-1 py-1.5 text-center sm:px-3">
                      <input
                        type="checkbox"
                        name="rights"
                        value={cellValue(g.id, r)}
                        defaultChecked={ticked(cellValue(g.id, r))}
                        aria-label={`${CATEGORY_RIGHT_LABELS[r]}: ${g.name}`}
                        className="h-5 w-5 rounded border-slate-400"
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <SubmitButton pendingLabel="Creating…">Create category</SubmitButton>
    </form>
  );
}
