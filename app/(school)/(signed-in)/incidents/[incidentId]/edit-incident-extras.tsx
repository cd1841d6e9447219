'use client';

import type { AddIncidentForm } from '@/lib/incidents';
import type { CustomField } from '@/lib/settings';
import { AlertPicker } from '../new/alert-picker';
import { CustomFieldBlock } from '../new/category-gate';
import { LinkedPupils, type LinkedPupil } from '../new/linked-pupils';
import { MapMarkers, type Marker } from '../new/map-markers';
import { AttachmentField } from '@/app/_components/attachment-field';
import { formatBytes } from '@/app/_components/format-bytes';

const parseJson = <T,>(text: string | undefined, fallback: T): T => {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};
const list = (text: string | undefined) => (text ? text.split(',').filter(Boolean) : []);

export interface EditExtrasData {
  studentId: string;
  markers: Marker[];
  /** Stored values by field id: a multiple choice is a list. */
  customValues: Record<string, unknown>;
  customFields: { field: CustomField; advice: string }[];
  form: Pick<AddIncidentForm, 'staff' | 'alertGroups' | 'categories' | 'mayPickPupils' | 'maps'>;
  /** The incident's files now; ticking one removes it with this edit (the earlier version keeps it). */
  attachments: { id: string; name: string; size: number }[];
  maxFileMb: number;
}

const stored = (v: unknown) => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '');

/**
 * The parts of the incident edit form that the add form has too: the body
 * map's markers, the school's custom fields, pupils to link (each gets a copy
 * of the incident) and people to alert now. `sent` holds what a refused
 * submit sent back, so nothing typed is lost.
 */
export function EditIncidentExtras({
  data,
  sent,
  errors,
  ticked,
}: {
  data: EditExtrasData;
  /** The categories the form is drawn with ticked: custom fields tied to others start hidden. */
  ticked: readonly string[];
  sent: Record<string, string> | null;
  errors: Record<string, string[]>;
}) {
  const removing = new Set(list(sent?.removeDocumentIds));
  return (
    <>
      {data.attachments.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Attached files</legend>
          <p className="mt-0.5 text-sm text-slate-600">
            Tick a file to remove it from this incident. The earlier version keeps it: its files can be restored from
            “History”.
          </p>
          <ul aria-label="Attached files" className="mt-2 space-y-2">
            {data.attachments.map((a) => (
              <li key={a.id}>
                <label className="flex min-h-11 items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2">
                  <input
                    type="checkbox"
                    name="removeDocumentIds"
                    value={a.id}
                    defaultChecked={removing.has(a.id)}
                    className="size-5 accent-rose-700"
                  />
                  <span className="min-w-0 break-words">
                    Remove <span className="font-medium">{a.name}</span>
                    <span className="text-slate-600"> · {formatBytes(a.size)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {errors.removeDocumentIds?.length ? (
            <p className="mt-1 text-sm font-medium text-rose-700">{errors.removeDocumentIds.join(' ')}</p>
          ) : null}
        </fieldset>
      ) : null}
      <AttachmentField
        legend="Attach more files"
        maxFileMb={data.maxFileMb}
        errors={[...(errors.attachments ?? []), ...(errors.attachmentIds ?? [])]}
      />
      <MapMarkers
        name="markers"
        initial={sent ? parseJson<Marker[]>(sent.markers, []) : data.markers}
        errors={errors.markers}
        maps={data.form.maps}
      />
      {data.customFields.map(({ field, advice }) => (
        <CustomFieldBlock
          key={field.id}
          field={field}
          advice={advice}
          value={sent ? (sent[`cf_${field.id}`] ?? '') : stored(data.customValues[field.id])}
          errors={errors[`cf_${field.id}`]}
          ticked={ticked}
        />
      ))}
      {data.form.mayPickPupils ? (
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
          >(sent?.linked, []).map((l) => ({
            id: l.studentId,
            name: l.name ?? 'Pupil',
            group: l.group ?? null,
            role: l.role,
            categoryIds: l.categoryIds,
          }))}
          categories={data.form.categories}
          exclude={[data.studentId]}
          errors={errors.linked}
        />
      ) : null}
      <AlertPicker
        staff={data.form.staff}
        groups={data.form.alertGroups}
        initialUsers={list(sent?.alertUserIds)}
        initialGroups={list(sent?.alertGroupIds)}
        required={false}
        errors={[...(errors.alertUserIds ?? []), ...(errors.alertGroupIds ?? [])]}
      />
    </>
  );
}
