'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { CategoryDetail } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { SelectField } from '../_components/select-field';
import {
  deleteCategoryAction,
  disableCategoryAction,
  enableCategoryAction,
  mergeCategoryAction,
  renameCategoryAction,
} from './actions';
import { ColourField } from './colour-field';

const card = 'space-y-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm';

export function RenameCategoryForm({
  category,
  colours,
}: {
  category: CategoryDetail;
  colours: readonly { id: string; name: string; colour: string }[];
}) {
  const [state, action] = useActionState(renameCategoryAction, initialFormState);
  const submitted = !state.done && state.values.name !== undefined ? state.values : null;
  return (
    <form action={action} className={card} noValidate aria-labelledby="rename-heading">
      <h2 id="rename-heading" className="text-lg font-semibold">
        Name and colour
      </h2>
      <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
        A new name shows on every past incident and monitoring period in this category. Correct or clarify the name; do
        not change what the category means — for a different meaning, create a new category.
      </p>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="categoryId" value={category.id} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          name="name"
          label="Name"
          maxLength={60}
          required
          defaultValue={submitted?.name ?? category.name}
          errors={state.fieldErrors.name}
        />
        <ColourField
          defaultValue={submitted?.colour ?? category.colour}
          errors={state.fieldErrors.colour}
          copyFrom={colours.filter((c) => c.id !== category.id)}
        />
      </div>
      <SubmitButton pendingLabel="Saving…">Save name and colour</SubmitButton>
    </form>
  );
}

/** Delete (offered only while never used), or disable / enable. */
export function CategoryStatusForm({ category, remove = false }: { category: CategoryDetail; remove?: boolean }) {
  const mode = remove ? 'delete' : category.status === 'enabled' ? 'disable' : 'enable';
  const [state, action] = useActionState(
    mode === 'delete' ? deleteCategoryAction : mode === 'disable' ? disableCategoryAction : enableCategoryAction,
    initialFormState,
  );
  const text = {
    delete: {
      heading: 'Delete',
      body: 'Nothing has been recorded in this category, so it can be deleted for good.',
      button: 'Delete category',
    },
    disable: {
      heading: 'Disable',
      body: `No new incidents or monitoring in it. Everything already recorded stays, in history, reports and filters.${category.hasChildren ? ' Its sub-categories are disabled with it.' : ''}`,
      button: 'Disable category',
    },
    enable: {
      heading: 'Enable',
      body: category.legacy
        ? 'This category came with records from another school. Before enabling it, give the user groups that need it their rights (User groups).'
        : 'Offer it again for new incidents and monitoring, to the groups that may add incidents in it.',
      button: 'Enable category',
    },
  }[mode];
  const headingId = `${mode}-heading`;
  return (
    <form
      action={action}
      className={card}
      aria-labelledby={headingId}
      onSubmit={(e) => {
        if (mode === 'delete' && !window.confirm(`Delete “${category.name}” for good?`)) e.preventDefault();
      }}
    >
      <h2 id={headingId} className="text-lg font-semibold">
        {text.heading}
      </h2>
      <p className="text-sm text-slate-700">{text.body}</p>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="categoryId" value={category.id} />
      <SubmitButton variant={mode === 'enable' ? 'primary' : 'danger'} pendingLabel="Please wait…">
        {text.button}
      </SubmitButton>
    </form>
  );
}

export function MergeCategoryForm({ category }: { category: CategoryDetail }) {
  const [state, action] = useActionState(mergeCategoryAction, initialFormState);
  // A merge that succeeds redirects to this page, which then shows the category merged and what moved.
  const submitted = state.values.targetId !== undefined ? state.values : null;
  return (
    <form action={action} className={card} noValidate aria-labelledby="merge-heading">
      <h2 id="merge-heading" className="text-lg font-semibold">
        Merge into another category
      </h2>
      <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-900">
        This cannot be undone. Every incident, action and monitoring period in “{category.name}” moves to the category
        you choose, and “{category.name}” stays only as a disabled name in history. Who may see those records then
        follows the target’s permissions.
      </p>
      <FormMessage message={state.message} />
      <input type="hidden" name="categoryId" value={category.id} />
      <SelectField
        name="targetId"
        label="Merge into"
        placeholder="Choose a category…"
        options={category.mergeTargets.map((t) => ({ value: t.id, label: t.name }))}
        defaultValue={submitted?.targetId ?? ''}
        errors={state.fieldErrors.targetId}
      />
      <Field
        name="confirmName"
        label={`Type the category’s name to confirm: ${category.name}`}
        autoComplete="off"
        defaultValue={submitted?.confirmName ?? ''}
        errors={state.fieldErrors.confirmName}
      />
      <SubmitButton variant="danger" pendingLabel="Merging…">
        Merge for good
      </SubmitButton>
    </form>
  );
}
