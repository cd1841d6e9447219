/**
 * "Add to planner" inside the add-incident and add-action forms: a box that,
 * ticked, shows the event's few fields (CSS alone, no script: the add-incident
 * form is the phone's quick form). Saved with the record, in its transaction,
 * or not at all. Shown only to those who may use the planner now; the action
 * refuses the fields from anyone else. A plain module (no hooks), so the
 * client forms render it as they are.
 */
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';

export interface RecordPlannerOptions {
  /** The day the date field starts at (school-local "YYYY-MM-DD"). */
  day: string;
  /** The title to start with; empty on the add-incident form, whose number is known only once saved. */
  title: string;
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
      {errors.join(' ')}
    </p>
  ) : null;
}

export function RecordPlannerFields({
  options,
  values,
  errors,
}: {
  options: RecordPlannerOptions;
  values: Record<string, string | undefined>;
  errors: Record<string, string[] | undefined>;
}) {
  const reminder = values.plannerReminder ?? 'none';
  return (
    <fieldset className="rounded-xl border border-slate-200 bg-white p-3">
      <legend className="sr-only">Add to planner</legend>
      <input
        id="plannerAdd"
        type="checkbox"
        name="plannerAdd"
        defaultChecked={values.plannerAdd === 'on'}
        aria-describedby={describedBy('plannerAdd', 'hint', errors.plannerAdd)}
        className="peer size-5 align-middle accent-brand-600"
      />{' '}
      <label htmlFor="plannerAdd" className="inline-flex min-h-11 items-center align-middle font-medium text-slate-800">
        Add to planner
      </label>
      <p id="plannerAdd-hint" className="text-sm text-slate-600">
        An event in your planner linked to this record and its pupil, saved with it.
      </p>
      <FieldError id="plannerAdd" errors={errors.plannerAdd} />
      <div className="mt-3 hidden space-y-4 peer-checked:block">
        <FieldFrame
          id="plannerTitle"
          label="Event title"
          hint={
            options.title
              ? 'Pupils are not named: the title shows in the planner.'
              : 'Left empty: “Follow up: incident #…” with its number. Pupils are not named: the title shows in the planner.'
          }
          errors={errors.plannerTitle}
        >
          <input
            id="plannerTitle"
            name="plannerTitle"
            maxLength={200}
            defaultValue={values.plannerTitle ?? options.title}
            aria-invalid={errors.plannerTitle?.length ? true : undefined}
            aria-describedby={describedBy('plannerTitle', 'hint', errors.plannerTitle)}
            className={controlClass(errors.plannerTitle)}
          />
        </FieldFrame>
        <div className="flex flex-wrap gap-3">
          <div>
            <label htmlFor="plannerDay" className="block text-sm font-medium text-slate-800">
              Event day
            </label>
            <input
              id="plannerDay"
              name="plannerDay"
              type="date"
              defaultValue={values.plannerDay ?? options.day}
              aria-invalid={errors.plannerDay?.length ? true : undefined}
              aria-describedby={describedBy('plannerDay', undefined, errors.plannerDay)}
              className={`${controlClass(errors.plannerDay)} max-w-xs`}
            />
          </div>
          <div>
            <label htmlFor="plannerTime" className="block text-sm font-medium text-slate-800">
              Time <span className="font-normal text-slate-600">(empty: all day)</span>
            </label>
            <input
              id="plannerTime"
              name="plannerTime"
              type="time"
              defaultValue={values.plannerTime ?? ''}
              className={`${controlClass(errors.plannerTime)} max-w-xs`}
            />
          </div>
        </div>
        <FieldError id="plannerDay" errors={errors.plannerDay} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Reminder</legend>
          <div className="mt-1 flex flex-wrap items-end gap-2">
            <select
              aria-label="Reminder"
              name="plannerReminder"
              defaultValue={reminder}
              className={`${controlClass(errors.plannerReminder)} w-auto`}
            >
              <option value="none">No reminder</option>
              <option value="before">Before it</option>
            </select>
            <input
              aria-label="How long before"
              name="plannerReminderAmount"
              inputMode="numeric"
              defaultValue={values.plannerReminderAmount ?? '1'}
              aria-invalid={errors.plannerReminderAmount?.length ? true : undefined}
              aria-describedby={describedBy('plannerReminderAmount', undefined, errors.plannerReminderAmount)}
              className={`${controlClass(errors.plannerReminderAmount)} w-20`}
            />
            <select
              aria-label="Unit"
              name="plannerReminderUnit"
              defaultValue={values.plannerReminderUnit ?? 'days'}
              className={`${controlClass(errors.plannerReminderUnit)} w-auto`}
            >
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </div>
          <FieldError id="plannerReminderAmount" errors={errors.plannerReminderAmount} />
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Who sees it</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {(
              [
                ['private', 'Only me'],
                ['public', 'Public: every key holder’s planner'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex min-h-11 items-center gap-2">
                <input
                  type="radio"
                  name="plannerVisibility"
                  value={value}
                  defaultChecked={(values.plannerVisibility ?? 'private') === value}
                  className="size-5 accent-brand-600"
                />
                {label}
              </label>
            ))}
          </div>
          <FieldError id="plannerVisibility" errors={errors.plannerVisibility} />
        </fieldset>
      </div>
    </fieldset>
  );
}
