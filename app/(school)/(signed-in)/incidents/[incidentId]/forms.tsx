'use client';

import { useActionState } from 'react';
import { controlClass, describedBy } from '@/app/_components/field-frame';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { LinkedTarget, AddIncidentForm } from '@/lib/incidents';
import { ROLE_LABEL } from '@/lib/incidents/client';
import { initialFormState } from '@/lib/http/client';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { EditIncidentExtras, type EditExtrasData } from './edit-incident-extras';
import { CategoryPicker } from '../new/category-picker';
import {
  addActionToLinkedAction,
  deleteActionAction,
  deleteIncidentAction,
  editIncidentAction,
  mergeIncidentAction,
  splitActionAction,
} from './manage-actions';

export function TextArea({
  name,
  label,
  hint,
  rows = 6,
  value,
  errors,
  id: given,
}: {
  name: string;
  label: string;
  hint?: string;
  rows?: number;
  value: string;
  errors?: string[];
  id?: string;
}) {
  const id = given ?? `field-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

export function When({ value, max, errors }: { value: string; max: string; errors?: string[] }) {
  return (
    <div>
      <label htmlFor="field-occurredAt" className="block text-sm font-medium text-slate-800">
        When
      </label>
      <input
        id="field-occurredAt"
        name="occurredAt"
        type="datetime-local"
        max={max}
        defaultValue={value}
        className={`${controlClass(errors)} max-w-xs`}
        aria-invalid={errors?.length ? true : undefined}
      />
      {errors?.length ? <p className="mt-1 text-sm font-medium text-rose-700">{errors.join(' ')}</p> : null}
    </div>
  );
}

export function DeleteIncidentForm({ incidentId }: { incidentId: string }) {
  const [state, action] = useActionState(deleteIncidentAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextArea
        name="reason"
        label="Why is it being deleted?"
        hint="Everyone who can edit incidents sees this reason, and can restore it."
        rows={3}
        value={state.values.reason ?? ''}
        errors={state.fieldErrors.reason}
      />
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete incident
      </SubmitButton>
    </form>
  );
}

export function MergeConfirmForm({ incidentId, intoNumber }: { incidentId: string; intoNumber: string }) {
  const [state, action] = useActionState(mergeIncidentAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} />
      {state.fieldErrors.intoNumber?.length ? (
        <p className="text-sm font-medium text-rose-700">{state.fieldErrors.intoNumber.join(' ')}</p>
      ) : null}
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="intoNumber" value={intoNumber} />
      <SubmitButton pendingLabel="Merging…">Merge into #{intoNumber}</SubmitButton>
    </form>
  );
}

export function EditIncidentForm({
  incident,
  categories,
  assignees,
  agencyOptions,
  now,
  extras,
  submissionKey,
}: {
  incident: {
    id: string;
    version: number;
    text: string;
    occurredAt: string;
    status: string;
    /** Free text for agencies not on the school's list, and the listed ones ticked. */
    agencies: string[];
    agencyIds: string[];
    assigneeId: string | null;
    categoryIds: string[];
  };
  categories: AddIncidentForm['categories'];
  /** The school's enabled agencies and any disabled one the incident names. */
  agencyOptions: AddIncidentForm['agencies'];
  assignees: AddIncidentForm['assignees'];
  now: string;
  extras: EditExtrasData;
  /** Made with the page: a doubled submit carries the same key and is saved once. */
  submissionKey: string;
}) {
  const [state, action] = useActionState(editIncidentAction, initialFormState);
  const v = state.message ? state.values : null;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="incidentId" value={incident.id} />
      <input type="hidden" name="version" value={incident.version} />
      <input type="hidden" name="submissionKey" value={v?.submissionKey || submissionKey} />
      <TextArea
        name="text"
        label="What happened"
        rows={8}
        value={v?.text ?? incident.text}
        errors={state.fieldErrors.text}
      />
      <CategoryPicker
        name="categoryIds"
        legend="Categories"
        categories={categories}
        initial={new Set(v ? (v.categoryIds ?? '').split(',') : incident.categoryIds)}
        errors={state.fieldErrors.categoryIds}
      />
      <When value={v?.occurredAt ?? incident.occurredAt} max={now} errors={state.fieldErrors.occurredAt} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Status</legend>
        <div className="mt-2 flex gap-3">
          {(['active', 'closed'] as const).map((s) => (
            <label
              key={s}
              className="flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 bg-white px-3"
            >
              <input
                type="radio"
                name="status"
                value={s}
                defaultChecked={(v?.status ?? incident.status) === s}
                className="size-5 accent-brand-600"
              />
              {s === 'active' ? 'Active' : 'Closed'}
            </label>
          ))}
        </div>
      </fieldset>
      <EditIncidentExtras
        data={extras}
        sent={v}
        errors={state.fieldErrors}
        ticked={v ? (v.categoryIds ?? '').split(',') : incident.categoryIds}
      />
      {assignees.length > 0 ? (
        <div>
          <label htmlFor="field-assigneeId" className="block text-sm font-medium text-slate-800">
            Assign to
          </label>
          <select
            id="field-assigneeId"
            name="assigneeId"
            defaultValue={v?.assigneeId ?? incident.assigneeId ?? ''}
            className={`${controlClass(state.fieldErrors.assigneeId)} max-w-md`}
          >
            <option value="">Nobody</option>
            {assignees.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.group})
              </option>
            ))}
          </select>
        </div>
      ) : incident.assigneeId ? (
        <input type="hidden" name="assigneeId" value={incident.assigneeId} />
      ) : null}
      <AgencyPicker
        options={agencyOptions}
        chosen={v ? (v.agencyIds ?? '').split(',').filter(Boolean) : incident.agencyIds}
        other={v?.agencies ?? incident.agencies.join('\n')}
        errors={{ agencyIds: state.fieldErrors.agencyIds, agencies: state.fieldErrors.agencies }}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}

function AddToLinkedForm({ actionId, targets }: { actionId: string; targets: LinkedTarget[] }) {
  const [state, action] = useActionState(addActionToLinkedAction, initialFormState);
  return (
    <form action={action} className="space-y-3 rounded-xl border border-slate-200 bg-white p-3" noValidate>
      <h4 className="font-semibold">Add to linked incidents</h4>
      <FormMessage message={state.message} />
      <input type="hidden" name="actionId" value={actionId} />
      <p className="text-slate-700">
        The same action goes on {targets.length === 1 ? 'this linked pupil’s record' : 'these linked pupils’ records'},
        with its categories. Nobody is alerted again.
      </p>
      <ul className="list-disc space-y-0.5 pl-5 text-slate-800">
        {targets.map((t) => (
          <li key={t.incidentId}>
            {t.studentName} · incident #{t.number} ({(ROLE_LABEL[t.role] ?? t.role).toLowerCase()})
          </li>
        ))}
      </ul>
      <SubmitButton variant="secondary" pendingLabel="Adding…">
        Add to linked incidents
      </SubmitButton>
    </form>
  );
}

/**
 * What can be done to one action: split it out and delete it (editors), and
 * add it to the linked pupils' copies it is not on yet (whoever may add
 * actions there; `linked` lists them, empty when there are none). On a phone
 * the forms stack with deleting last; wider, splitting has a column of its own.
 */
export function ActionOptions({
  actionId,
  categories,
  mayEdit,
  linked,
  planHref,
}: {
  actionId: string;
  categories: AddIncidentForm['categories'];
  mayEdit: boolean;
  linked: LinkedTarget[];
  /** "Add to planner", for those who may use the planner now: a new event linked to this action and its pupil. */
  planHref?: string;
}) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-brand-800">Action options</summary>
      {planHref ? (
        <a
          href={planHref}
          className="mt-2 inline-flex min-h-11 items-center rounded-lg px-3 font-medium text-brand-800 hover:bg-brand-50"
        >
          Add to planner
        </a>
      ) : null}
      <div className="mt-3 flex flex-col gap-4 sm:grid sm:grid-cols-2 sm:items-start">
        <div className="contents sm:block sm:space-y-4">
          {linked.length > 0 ? <AddToLinkedForm actionId={actionId} targets={linked} /> : null}
          {mayEdit ? <DeleteActionForm actionId={actionId} /> : null}
        </div>
        {mayEdit ? <SplitActionForm actionId={actionId} categories={categories} /> : null}
      </div>
    </details>
  );
}

function SplitActionForm({ actionId, categories }: { actionId: string; categories: AddIncidentForm['categories'] }) {
  const [state, split] = useActionState(splitActionAction, initialFormState);
  return (
    <form action={split} className="space-y-3 rounded-xl border border-slate-200 bg-white p-3" noValidate>
      <h4 className="font-semibold">Split as incident</h4>
      <FormMessage message={state.message} />
      <input type="hidden" name="actionId" value={actionId} />
      <CategoryPicker
        name="categoryIds"
        legend="Categories of the new incident"
        categories={categories}
        initial={new Set()}
        errors={state.fieldErrors.categoryIds}
      />
      <SubmitButton variant="secondary" pendingLabel="Splitting…">
        Split as incident
      </SubmitButton>
    </form>
  );
}

function DeleteActionForm({ actionId }: { actionId: string }) {
  const [state, del] = useActionState(deleteActionAction, initialFormState);
  return (
    <form
      action={del}
      className="order-last space-y-3 rounded-xl border border-slate-200 bg-white p-3 sm:order-none"
      noValidate
    >
      <h4 className="font-semibold">Delete action</h4>
      <FormMessage message={state.message} />
      <input type="hidden" name="actionId" value={actionId} />
      <TextArea
        name="reason"
        id={`reason-${actionId}`}
        label="Reason"
        rows={2}
        value={state.values.reason ?? ''}
        errors={state.fieldErrors.reason}
      />
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete action
      </SubmitButton>
    </form>
  );
}
