import Link from 'next/link';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import {
  AGE_MAX,
  AGE_MIN,
  MONITORED_CHOICES,
  MONITORED_LABELS,
  SEN_CHOICES,
  SEN_FILTER_LABELS,
  YES_NO_CHOICES,
  YES_NO_LABELS,
  type AttendanceScope,
  type PupilFilterValues,
} from '@/lib/reports';

type Field = Exclude<keyof PupilFilterValues, 'monitoredCategory'>;

/** A select of fixed choices; a value no option has (a forged address) is shown as typed, beside its message. */
function Choice({
  field,
  label,
  scope,
  options,
}: {
  field: Field;
  label: string;
  scope: AttendanceScope;
  options: readonly (readonly [string, string])[];
}) {
  const id = `filter-${field}`;
  const value = scope.form.values[field];
  const errors = scope.form.fieldErrors[field];
  return (
    <FieldFrame id={id} label={label} errors={errors}>
      <select
        key={value}
        id={id}
        name={field}
        defaultValue={value}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, undefined, errors)}
        className={controlClass(errors)}
      >
        {options.some(([v]) => v === value) ? null : <option value={value}>{value}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

function Typed({
  field,
  label,
  type,
  hint,
  scope,
}: {
  field: Field;
  label: string;
  type: 'date' | 'number';
  hint?: string;
  scope: AttendanceScope;
}) {
  const id = `filter-${field}`;
  const errors = scope.form.fieldErrors[field];
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <input
        id={id}
        name={field}
        // A number field would drop what is not a number; text keeps it, so its message makes sense.
        type={type === 'number' ? 'text' : 'date'}
        inputMode={type === 'number' ? 'numeric' : undefined}
        min={type === 'date' ? '2000-01-01' : undefined}
        defaultValue={scope.form.values[field]}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
      />
    </FieldFrame>
  );
}

const listOf = (values: string[]) => [['', 'Any'] as const, ...values.map((v) => [v, v] as const)];
const yesNo = YES_NO_CHOICES.map((c) => [c, YES_NO_LABELS[c]] as const);

/**
 * "Show filters": a GET form (bookmarkable, works without JavaScript),
 * closed until a filter is set so a phone opens at the figures. The year and
 * the class ride along as hidden fields.
 */
export function AttendanceFilters({
  scope,
  action,
  clearHref,
  group,
}: {
  scope: AttendanceScope;
  action: string;
  clearHref: string;
  /** The class whose pupils are shown, kept when the filters change. */
  group?: string;
}) {
  const { form } = scope;
  const ticked = new Set(form.values.monitoredCategory);
  const invalid = Object.keys(form.fieldErrors).length > 0;
  const catErrors = form.fieldErrors.monitoredCategory;
  return (
    <details
      open={form.active || invalid}
      className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
        {form.active ? 'Show filters (some are set)' : 'Show filters'}
      </summary>
      <form method="get" action={action} className="mt-3 space-y-5" noValidate>
        {group === undefined ? null : <input type="hidden" name="group" value={group} />}
        {scope.year.current ? null : <input type="hidden" name="year" value={scope.year.startsOn} />}
        {invalid ? (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 font-medium text-rose-800">
            Some filters need correcting: nothing is counted until they are.
          </p>
        ) : null}
        {scope.categories.length > 0 ? (
          <fieldset className="space-y-3">
            <legend className="text-base font-semibold text-slate-900">Monitoring</legend>
            <div className="grid gap-4 sm:grid-cols-3 sm:items-end">
              <Choice
                field="monitored"
                label="Monitored"
                scope={scope}
                options={MONITORED_CHOICES.map((c) => [c, MONITORED_LABELS[c]] as const)}
              />
              <Typed field="monitoredFrom" label="From" type="date" hint="With “between dates”" scope={scope} />
              <Typed field="monitoredTo" label="To" type="date" hint="With “between dates”" scope={scope} />
            </div>
            <fieldset aria-describedby={describedBy('filter-monitoredCategory', 'hint', catErrors)}>
              <legend className="block text-sm font-medium text-slate-800">In categories</legend>
              <p id="filter-monitoredCategory-hint" className="mt-0.5 text-sm text-slate-600">
                Monitored in any ticked category (a category includes its sub-categories). Tick none for any category
                you can see.
              </p>
              <ul
                className={`mt-2 max-h-56 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
                  catErrors ? 'border-rose-600' : 'border-slate-300'
                }`}
              >
                {scope.categories.map((c) => (
                  <li key={c.id} className={`break-inside-avoid ${c.parentId ? 'pl-6' : ''}`}>
                    <label className="flex min-h-9 items-center gap-2">
                      <input
                        type="checkbox"
                        name="monitoredCategory"
                        value={c.id}
                        defaultChecked={ticked.has(c.id)}
                        className="size-4"
                      />
                      <span>{c.name}</span>
                    </label>
                  </li>
                ))}
              </ul>
              {catErrors ? (
                <p id="filter-monitoredCategory-error" className="mt-1 text-sm font-medium text-rose-700">
                  {catErrors.join(' ')}
                </p>
              ) : null}
            </fieldset>
          </fieldset>
        ) : null}
        <fieldset className="space-y-3">
          <legend className="text-base font-semibold text-slate-900">Pupils</legend>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Choice field="yearGroup" label="Year group" scope={scope} options={listOf(scope.options.yearGroup)} />
            <Choice field="gender" label="Gender" scope={scope} options={listOf(scope.options.gender)} />
            <Typed field="ageFrom" label="Age from" type="number" hint={`${AGE_MIN} to ${AGE_MAX}`} scope={scope} />
            <Typed field="ageTo" label="Age to" type="number" hint="Age today, in years" scope={scope} />
            <Choice
              field="sen"
              label="SEN status"
              scope={scope}
              options={SEN_CHOICES.map((c) => [c, SEN_FILTER_LABELS[c]] as const)}
            />
            <Choice field="pupilPremium" label="Pupil premium" scope={scope} options={yesNo} />
            <Choice field="freeSchoolMeals" label="Free school meals" scope={scope} options={yesNo} />
            <Choice field="eal" label="English as an additional language" scope={scope} options={yesNo} />
            <Choice field="lookedAfter" label="Looked after" scope={scope} options={yesNo} />
            <Choice field="ethnicity" label="Ethnicity" scope={scope} options={listOf(scope.options.ethnicity)} />
            <Choice field="religion" label="Religion" scope={scope} options={listOf(scope.options.religion)} />
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-4">
          <button
            type="submit"
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Apply filters
          </button>
          {form.active ? (
            <Link href={clearHref} className="text-brand-700 underline underline-offset-2">
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
    </details>
  );
}
