'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { controlClass, describedBy } from '@/app/_components/field-frame';
import type { AddIncidentForm } from '@/lib/incidents';
import type { FormFieldRef } from '@/lib/settings';
import { initialFormState } from '@/lib/http/client';
import { addIncidentAction, type AddIncidentState } from './actions';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { AlertPicker } from './alert-picker';
import { CategoryPicker } from './category-picker';
import { draftKey, type DraftValues } from './draft';
import { DraftNotice, SubmissionKeyInput, useDraft } from './use-draft';
import { LinkedPupils, type LinkedPupil } from './linked-pupils';
import { MapMarkers, type Marker } from './map-markers';
import { PupilSearch } from '@/app/_components/pupil-search';
import { CustomFieldBlock } from './category-gate';
import { AttachmentField } from '@/app/_components/attachment-field';
import { RecordPlannerFields, type RecordPlannerOptions } from '../../planner/_components/record-planner-fields';

const parseJson = <T,>(text: string | undefined, fallback: T): T => {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};
const list = (text: string | undefined) => (text ? text.split(',').filter(Boolean) : []);

export function IncidentForm({
  data,
  userId,
  planner,
}: {
  data: AddIncidentForm;
  userId: string;
  /** "Add to planner", for those who may use the planner now. */
  planner?: RecordPlannerOptions;
}) {
  const [state, action] = useActionState<AddIncidentState, FormData>(addIncidentAction, initialFormState);
  const draft = useDraft(draftKey('add-incident', userId, data.pupil?.id ?? 'any'), Boolean(state.done));
  const restored = draft.restored;

  if (state.done && state.created) {
    return (
      <Recorded
        number={state.created.number}
        alerted={state.created.alerted}
        onAnother={() => window.location.reload()}
      />
    );
  }

  // After a refused submit the server echoes what was sent; otherwise a restored draft; otherwise a fresh form.
  const values: DraftValues = state.message && !state.done ? state.values : (restored ?? {});
  const errors = state.fieldErrors;
  return (
    <form key={draft.generation} {...draft.formProps} action={action} noValidate className="space-y-6">
      <FormMessage message={state.message} />
      {restored && !state.message ? <DraftNotice onDiscard={draft.discard} /> : null}
      <SubmissionKeyInput current={draft.submissionKey} sent={values.submissionKey} />
      {data.form.map((field) => (
        <FieldBlock
          key={field.kind === 'built-in' ? field.name : field.field.id}
          field={field}
          data={data}
          values={values}
          errors={errors}
        />
      ))}
      <AttachmentField
        maxFileMb={data.maxFileMb}
        errors={[...(errors.attachments ?? []), ...(errors.attachmentIds ?? [])]}
        share={
          data.mayPickPupils
            ? {
                label: 'Share documents with linked pupils',
                hint: 'The same files are added to each linked pupil’s copy of this incident, and to their Document vault.',
                checked: values.shareDocuments === 'on',
              }
            : undefined
        }
      />
      {planner ? <RecordPlannerFields options={planner} values={values} errors={errors} /> : null}
      <div className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0">
        <SubmitButton pendingLabel="Saving…">Save incident</SubmitButton>
      </div>
    </form>
  );
}

function FieldBlock({
  field,
  data,
  values,
  errors,
}: {
  field: FormFieldRef;
  data: AddIncidentForm;
  values: DraftValues;
  errors: Record<string, string[]>;
}) {
  const advice = field.advice ? <p className="mt-1 text-sm text-slate-600">{field.advice}</p> : null;
  if (field.kind === 'custom') {
    return (
      <CustomFieldBlock
        field={field.field}
        advice={field.advice}
        value={values[`cf_${field.field.id}`] ?? ''}
        errors={errors[`cf_${field.field.id}`]}
        ticked={list(values.categoryIds)}
      />
    );
  }
  const body = (() => {
    switch (field.name) {
      case 'student':
        return <PupilField data={data} values={values} errors={errors.studentId} />;
      case 'text':
        return (
          <div>
            <label htmlFor="field-text" className="block text-sm font-medium text-slate-800">
              What happened
            </label>
            <p id="field-text-hint" className="mt-0.5 text-sm text-slate-600">
              In the pupil’s words where you can. Facts: who, what, where, when.
            </p>
            <textarea
              id="field-text"
              name="text"
              rows={8}
              maxLength={50_000}
              required
              defaultValue={values.text ?? ''}
              aria-invalid={errors.text?.length ? true : undefined}
              aria-describedby={describedBy('field-text', 'hint', errors.text)}
              className={controlClass(errors.text)}
            />
            {errors.text?.length ? (
              <p id="field-text-error" className="mt-1 text-sm font-medium text-rose-700">
                {errors.text.join(' ')}
              </p>
            ) : null}
          </div>
        );
      case 'categories':
        return data.categories.length === 0 ? (
          <p className="rounded-lg bg-amber-50 p-3 text-amber-900">
            Your user group cannot add incidents in any category. Ask your safeguarding lead.
          </p>
        ) : (
          <CategoryPicker
            name="categoryIds"
            legend="Categories"
            categories={data.categories}
            initial={new Set(list(values.categoryIds))}
            errors={errors.categoryIds}
          />
        );
      case 'linkedStudents':
        return data.mayPickPupils ? (
          <LinkedPupils
            name="linked"
            initial={parseJson<
              {
                studentId: string;
                role: LinkedPupil['role'];
                categoryIds: string[];
                name?: string;
                group?: string | null;
              }[]
            >(values.linked, []).map((l) => ({
              id: l.studentId,
              name: l.name ?? 'Pupil',
              group: l.group ?? null,
              role: l.role,
              categoryIds: l.categoryIds,
            }))}
            categories={data.categories}
            exclude={data.pupil ? [data.pupil.id] : values.studentId ? [values.studentId] : []}
            errors={errors.linked}
          />
        ) : null;
      case 'maps':
        return (
          <MapMarkers
            name="markers"
            initial={parseJson<Marker[]>(values.markers, [])}
            errors={errors.markers}
            maps={data.maps}
          />
        );
      case 'occurredAt':
        return (
          <div>
            <label htmlFor="field-occurredAt" className="block text-sm font-medium text-slate-800">
              When it happened
            </label>
            <input
              id="field-occurredAt"
              name="occurredAt"
              type="datetime-local"
              max={data.now}
              defaultValue={values.occurredAt || data.now}
              aria-invalid={errors.occurredAt?.length ? true : undefined}
              aria-describedby={describedBy('field-occurredAt', undefined, errors.occurredAt)}
              className={`${controlClass(errors.occurredAt)} max-w-xs`}
            />
            {errors.occurredAt?.length ? (
              <p id="field-occurredAt-error" className="mt-1 text-sm font-medium text-rose-700">
                {errors.occurredAt.join(' ')}
              </p>
            ) : null}
          </div>
        );
      case 'status':
        return (
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
                    defaultChecked={(values.status || 'active') === s}
                    className="size-5 accent-brand-600"
                  />
                  {s === 'active' ? 'Active' : 'Closed'}
                </label>
              ))}
            </div>
          </fieldset>
        );
      case 'assignee':
        return data.assignees.length > 0 ? (
          <div>
            <label htmlFor="field-assigneeId" className="block text-sm font-medium text-slate-800">
              Assign to
            </label>
            <select
              id="field-assigneeId"
              name="assigneeId"
              defaultValue={values.assigneeId ?? ''}
              className={`${controlClass(errors.assigneeId)} max-w-md`}
            >
              <option value="">Nobody</option>
              {data.assignees.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.group})
                </option>
              ))}
            </select>
          </div>
        ) : null;
      case 'alerts':
        return (
          <AlertPicker
            staff={data.staff}
            groups={data.alertGroups}
            initialUsers={list(values.alertUserIds)}
            initialGroups={list(values.alertGroupIds)}
            required={data.enforceAlert}
            errors={[...(errors.alerts ?? []), ...(errors.alertUserIds ?? []), ...(errors.alertGroupIds ?? [])]}
          />
        );
      case 'agencies':
        return (
          <AgencyPicker
            options={data.agencies}
            chosen={list(values.agencyIds)}
            other={values.agencies ?? ''}
            errors={{ agencyIds: errors.agencyIds, agencies: errors.agencies }}
          />
        );
    }
  })();
  if (!body) return null;
  return (
    <div>
      {body}
      {advice}
    </div>
  );
}

function PupilField({ data, values, errors }: { data: AddIncidentForm; values: DraftValues; errors?: string[] }) {
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(
    data.pupil ??
      (values.studentId ? { id: values.studentId, name: values.studentLabel || 'The pupil you chose' } : null),
  );
  if (data.pupil) {
    return (
      <div>
        <p className="text-sm font-medium text-slate-800">Pupil</p>
        <p className="mt-1 text-lg font-semibold">
          {data.pupil.name}{' '}
          {data.pupil.group ? <span className="text-base font-normal text-slate-600">· {data.pupil.group}</span> : null}
        </p>
        <input type="hidden" name="studentId" value={data.pupil.id} />
      </div>
    );
  }
  if (!data.mayPickPupils) {
    return (
      <p className="rounded-lg bg-amber-50 p-3 text-amber-900">
        Your school records concerns from a pupil’s page or an alert. Ask your safeguarding lead how to report this one.
      </p>
    );
  }
  return chosen ? (
    <div>
      <p className="text-sm font-medium text-slate-800">Pupil</p>
      <div className="mt-1 flex items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2">
        <span className="text-lg font-semibold">{chosen.name}</span>
        <button
          type="button"
          onClick={() => setChosen(null)}
          className="min-h-11 rounded-lg px-3 text-sm text-brand-800 hover:bg-slate-100"
        >
          Change
        </button>
      </div>
      <input type="hidden" name="studentId" value={chosen.id} />
      <input type="hidden" name="studentLabel" value={chosen.name} />
    </div>
  ) : (
    <PupilSearch
      label="Pupil"
      inputId="field-studentId"
      errors={errors}
      onPick={(p) => setChosen({ id: p.id, name: p.group ? `${p.name} · ${p.group}` : p.name })}
    />
  );
}

function Recorded({ number, alerted, onAnother }: { number: number; alerted: number; onAnother: () => void }) {
  return (
    <section role="status" className="rounded-2xl border border-emerald-200 bg-emerald-50 p-6">
      <h2 className="text-xl font-semibold text-emerald-950">Incident #{number} is recorded</h2>
      <p className="mt-1 text-emerald-900">
        {alerted === 0
          ? 'Nobody was alerted.'
          : alerted === 1
            ? 'One person has been alerted.'
            : `${alerted} people have been alerted.`}{' '}
        Thank you for reporting it.
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <button
          type="button"
          onClick={onAnother}
          className="min-h-11 rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Add another incident
        </button>
        <Link
          href="/"
          className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          Back to the dashboard
        </Link>
      </div>
    </section>
  );
}
