'use client';

import { useActionState, useState } from 'react';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { PupilSearch, type PupilHit } from '@/app/_components/pupil-search';
import { initialFormState } from '@/lib/http/client';
import { savePlannerEventAction } from '../actions';
import { ColleaguePicker, type Colleague } from './colleague-picker';

export interface EventFormInitial {
  eventId?: string;
  version?: number;
  submissionKey?: string;
  title: string;
  notes: string;
  allDay: boolean;
  start: string;
  end: string;
  visibility: 'private' | 'public';
  reminder: 'none' | 'at' | 'before';
  reminderAt: string;
  reminderAmount: string;
  reminderUnit: 'minutes' | 'hours' | 'days';
  incidentId?: string;
  actionId?: string;
  recordLabel?: string;
  aboutPath?: string;
}

/**
 * New and edit event form. Colleagues and pupils are chosen with
 * autocompletes and kept as chips (component state, so a refused save keeps
 * them); every other field comes back from the action's state.
 */
export function EventForm({
  initial,
  colleagues,
  sharedWith,
  pupils: initialPupils,
  unseenPupils = 0,
}: {
  initial: EventFormInitial;
  colleagues: Colleague[];
  sharedWith: Colleague[];
  pupils: PupilHit[];
  /** Linked pupils this person may not open: not shown, and kept when the event is saved. */
  unseenPupils?: number;
}) {
  const [state, action] = useActionState(savePlannerEventAction, initialFormState);
  const v = (name: keyof EventFormInitial) => state.values[name] ?? String(initial[name] ?? '');
  const e = state.fieldErrors;
  const [allDay, setAllDay] = useState(initial.allDay);
  const [reminder, setReminder] = useState(initial.reminder);
  const [shared, setShared] = useState<Colleague[]>(sharedWith);
  const [pupils, setPupils] = useState<PupilHit[]>(initialPupils);
  const toInput = (s: string) => (allDay ? s.slice(0, 10) : s.length === 10 ? `${s}T09:00` : s);

  return (
    <form action={action} className="space-y-5" noValidate>
      {initial.eventId ? <input type="hidden" name="eventId" value={initial.eventId} /> : null}
      {initial.version ? <input type="hidden" name="version" value={initial.version} /> : null}
      {initial.submissionKey ? <input type="hidden" name="submissionKey" value={initial.submissionKey} /> : null}
      {initial.incidentId ? <input type="hidden" name="incidentId" value={initial.incidentId} /> : null}
      {initial.actionId ? <input type="hidden" name="actionId" value={initial.actionId} /> : null}
      {initial.aboutPath ? <input type="hidden" name="aboutPath" value={initial.aboutPath} /> : null}
      <FormMessage message={state.message} />
      {initial.recordLabel ? (
        <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">Linked to {initial.recordLabel}.</p>
      ) : null}
      <Field name="title" label="Title" defaultValue={v('title')} errors={e.title} maxLength={200} required />
      <FieldFrame id="field-notes" label="Notes" hint="Optional." errors={e.notes}>
        <textarea
          id="field-notes"
          name="notes"
          rows={3}
          defaultValue={v('notes')}
          maxLength={5000}
          aria-invalid={e.notes?.length ? true : undefined}
          aria-describedby={describedBy('field-notes', 'Optional.', e.notes)}
          className={controlClass(e.notes)}
        />
      </FieldFrame>
      <label className="flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          name="allDay"
          checked={allDay}
          onChange={(ev) => setAllDay(ev.target.checked)}
          className="h-5 w-5"
        />
        All day
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          key={`start-${allDay}`}
          name="start"
          label={allDay ? 'First day' : 'Starts'}
          type={allDay ? 'date' : 'datetime-local'}
          defaultValue={toInput(v('start'))}
          errors={e.start}
        />
        <Field
          key={`end-${allDay}`}
          name="end"
          label={allDay ? 'Last day' : 'Ends'}
          type={allDay ? 'date' : 'datetime-local'}
          defaultValue={toInput(v('end'))}
          errors={e.end}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Who sees it</legend>
        <div className="mt-1 flex flex-wrap gap-x-6">
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="visibility" value="private" defaultChecked={v('visibility') !== 'public'} />
            Private: you and the colleagues you share it with
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="visibility" value="public" defaultChecked={v('visibility') === 'public'} />
            Public: every key holder’s planner
          </label>
        </div>
        {e.visibility ? <p className="text-sm font-medium text-rose-700">{e.visibility.join(' ')}</p> : null}
      </fieldset>
      <ColleaguePicker colleagues={colleagues} chosen={shared} onChange={setShared} errors={e.sharedWith} />
      <div>
        <PupilSearch
          label="Linked pupils"
          inputId="event-pupils"
          exclude={pupils.map((p) => p.id)}
          errors={e.pupils}
          onPick={(p) => setPupils((list) => (list.some((x) => x.id === p.id) ? list : [...list, p]))}
        />
        {e.pupils ? <p className="mt-1 text-sm font-medium text-rose-700">{e.pupils.join(' ')}</p> : null}
        <ul aria-label="Chosen pupils" className="mt-2 flex flex-wrap gap-2">
          {pupils.map((p) => (
            <li key={p.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm">
              {p.name}
              <input type="hidden" name="pupils" value={p.id} />
              <button
                type="button"
                onClick={() => setPupils((list) => list.filter((x) => x.id !== p.id))}
                className="min-h-8 rounded-full px-2 hover:bg-slate-200"
                aria-label={`Remove ${p.name}`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {unseenPupils > 0 ? (
          <p className="mt-1 text-sm text-slate-700">
            {pupils.length > 0 ? 'and ' : ''}
            {unseenPupils === 1 ? '1 other pupil' : `${unseenPupils} other pupils`} you cannot open (kept)
          </p>
        ) : null}
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Reminder</legend>
        <p className="text-sm text-slate-600">
          You and the colleagues you share it with get it on the dashboard and by an email that says only that there is
          a reminder.
        </p>
        <FieldFrame id="field-reminder" label="When" errors={e.reminder}>
          <select
            id="field-reminder"
            name="reminder"
            value={reminder}
            onChange={(ev) => setReminder(ev.target.value as EventFormInitial['reminder'])}
            className={controlClass(e.reminder)}
          >
            <option value="none">No reminder</option>
            <option value="before">Before it starts</option>
            <option value="at">At a time I choose</option>
          </select>
        </FieldFrame>
        {reminder === 'at' ? (
          <Field
            name="reminderAt"
            label="Remind at"
            type="datetime-local"
            defaultValue={v('reminderAt')}
            errors={e.reminderAt}
          />
        ) : null}
        {reminder === 'before' ? (
          <div className="grid grid-cols-2 gap-3 sm:max-w-sm">
            <Field
              name="reminderAmount"
              label="How long before"
              inputMode="numeric"
              defaultValue={v('reminderAmount')}
              errors={e.reminderAmount}
            />
            <FieldFrame id="field-reminderUnit" label="Unit" errors={e.reminderUnit}>
              <select
                id="field-reminderUnit"
                name="reminderUnit"
                defaultValue={v('reminderUnit')}
                className={controlClass(e.reminderUnit)}
              >
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </FieldFrame>
          </div>
        ) : null}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save event</SubmitButton>
    </form>
  );
}
