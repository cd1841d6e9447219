'use client';

import { useActionState } from 'react';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { AddIncidentForm } from '@/lib/incidents';
import { initialFormState } from '@/lib/http/client';
import { AlertPicker } from '../new/alert-picker';
import { CategoryPicker } from '../new/category-picker';
import { actionDraftKey } from '../new/draft';
import { DraftNotice, SubmissionKeyInput, useDraft } from '../new/use-draft';
import { ActionFormFields } from './action-form-fields';
import { AttachmentField } from '@/app/_components/attachment-field';
import { TextArea, When } from './forms';
import { addActionAction } from './manage-actions';
import { RecordPlannerFields, type RecordPlannerOptions } from '../../planner/_components/record-planner-fields';

const list = (text: string | undefined) => (text ?? '').split(',').filter(Boolean);

/**
 * Adding an action, drawn from the school's action form (order, advice,
 * custom fields). What is typed is kept on the device until it is saved
 * (useDraft); custom fields tied to categories show while the incident has
 * one of them (`incidentCategoryIds`) or one is ticked as an extra category.
 */
export function AddActionForm({
  incidentId,
  incidentCategoryIds,
  userId,
  form,
  linkedCount,
  planner,
}: {
  incidentId: string;
  incidentCategoryIds: string[];
  userId: string;
  form: AddIncidentForm;
  linkedCount: number;
  /** "Add to planner", for those who may use the planner now. */
  planner?: RecordPlannerOptions;
}) {
  const [state, action] = useActionState(addActionAction, initialFormState);
  // Saving redirects to the chronology, where ClearDraft forgets the draft.
  const draft = useDraft(actionDraftKey(userId, incidentId), false);
  const v = state.message ? state.values : (draft.restored ?? {});
  const errors = state.fieldErrors;
  return (
    <form key={draft.generation} {...draft.formProps} action={action} className="space-y-5" noValidate>
      <FormMessage message={state.message} />
      {draft.restored && !state.message ? <DraftNotice onDiscard={draft.discard} /> : null}
      <input type="hidden" name="incidentId" value={incidentId} />
      <SubmissionKeyInput current={draft.submissionKey} sent={v.submissionKey} />
      <ActionFormFields
        form={form.actionForm}
        values={v}
        errors={errors}
        ticked={list(v.categoryIds)}
        fixed={incidentCategoryIds}
        builtIns={{
          text: (
            <TextArea
              name="text"
              label="Action taken"
              hint="What was done, who was spoken to, what happens next."
              rows={6}
              value={v.text ?? ''}
              errors={errors.text}
            />
          ),
          categories:
            form.categories.length > 0 ? (
              <details
                className="rounded-xl border border-slate-200 bg-white p-3"
                open={list(v.categoryIds).length > 0}
              >
                <summary className="cursor-pointer text-sm font-medium text-slate-800">
                  Add categories to the incident (e.g. raise it to Child Protection)
                </summary>
                <div className="mt-3">
                  <CategoryPicker
                    name="categoryIds"
                    legend="Extra categories"
                    categories={form.categories}
                    initial={new Set(list(v.categoryIds))}
                    errors={errors.categoryIds}
                  />
                </div>
              </details>
            ) : null,
          occurredAt: <When value={v.occurredAt || form.now} max={form.now} errors={errors.occurredAt} />,
          alerts: (
            <AlertPicker
              staff={form.staff}
              groups={form.alertGroups}
              initialUsers={list(v.alertUserIds)}
              initialGroups={list(v.alertGroupIds)}
              required={false}
              errors={[...(errors.alertUserIds ?? []), ...(errors.alertGroupIds ?? [])]}
            />
          ),
          alertIncidentRecipients: (
            <label className="flex min-h-11 items-center gap-3">
              <input
                type="checkbox"
                name="alertIncidentRecipients"
                defaultChecked={v.alertIncidentRecipients === 'on'}
                className="size-5 accent-brand-600"
              />
              Also alert everyone alerted about the incident, and its author
            </label>
          ),
          toLinkedPupils:
            linkedCount > 0 ? (
              <label className="flex min-h-11 items-center gap-3">
                <input
                  type="checkbox"
                  name="toLinkedPupils"
                  defaultChecked={v.toLinkedPupils === 'on'}
                  className="size-5 accent-brand-600"
                />
                Add this action to the linked pupils’ records too ({linkedCount})
              </label>
            ) : null,
          agencies: (
            <AgencyPicker
              options={form.agencies}
              chosen={list(v.agencyIds)}
              other={v.agencies ?? ''}
              errors={{ agencyIds: errors.agencyIds, agencies: errors.agencies }}
            />
          ),
        }}
      />
      <AttachmentField
        maxFileMb={form.maxFileMb}
        errors={[...(errors.attachments ?? []), ...(errors.attachmentIds ?? [])]}
        share={
          linkedCount > 0
            ? {
                label: 'Share documents with linked pupils',
                hint: 'With “Add this action to the linked pupils’ records too”: the same files go on each of their copies of this action.',
                checked: v.shareDocuments === 'on',
              }
            : undefined
        }
      />
      {planner ? <RecordPlannerFields options={planner} values={v} errors={errors} /> : null}
      <SubmitButton pendingLabel="Saving…">Save action</SubmitButton>
    </form>
  );
}
