import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import {
  AGE_MAX,
  AGE_MIN,
  customFilterName,
  MATCH_CHOICES,
  MATCH_LABELS,
  MONITORED_CHOICES,
  MONITORED_LABELS,
  SEN_CHOICES,
  SEN_FILTER_LABELS,
  YES_NO_CHOICES,
  YES_NO_LABELS,
  type PupilCustomField,
  type PupilFilterErrors,
  type PupilFilterField,
  type PupilFilterValues,
} from '@/lib/reports';

/** What the fields show: the values as typed and a message per field. */
export interface PupilFilterFormState {
  values: PupilFilterValues;
  fieldErrors: PupilFilterErrors;
}

/** The lists the fields offer: the runner's monitoring categories and the values their pupils hold. */
export interface PupilFilterChoices {
  categories: { id: string; name: string; parentId: string | null }[];
  options: {
    customFields: PupilCustomField[];
    religion: string[];
    ethnicity: string[];
    gender: string[];
    yearGroup: string[];
  };
}

type Field = Exclude<PupilFilterField, 'monitoredCategory' | 'includeArchived'>;

/** A select of fixed choices; a value no option has (a forged address) is shown as typed, beside its message. */
function Choice({
  field,
  label,
  form,
  options,
}: {
  field: Field;
  label: string;
  form: PupilFilterFormState;
  options: readonly (readonly [string, string])[];
}) {
  const id = `filter-${field}`;
  const value = form.values[field];
  const errors = form.fieldErrors[field];
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

/** A dropdown field of the pupil form: Any, or one of its options. */
function CustomChoice({ field, form }: { field: PupilCustomField; form: PupilFilterFormState }) {
  const name = customFilterName(field.id);
  const id = `filter-${name}`;
  const value = form.values.custom[field.id] ?? '';
  const errors = form.fieldErrors[name];
  return (
    <FieldFrame id={id} label={field.label} errors={errors}>
      <select
        key={value}
        id={id}
        name={name}
        defaultValue={value}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, undefined, errors)}
        className={controlClass(errors)}
      >
        {value === '' || field.options.includes(value) ? null : <option value={value}>{value}</option>}
        <option value="">Any</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
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
  form,
}: {
  field: Field;
  label: string;
  type: 'date' | 'number';
  hint?: string;
  form: PupilFilterFormState;
}) {
  const id = `filter-${field}`;
  const errors = form.fieldErrors[field];
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <input
        id={id}
        name={field}
        // A number field would drop what is not a number; text keeps it, so its message makes sense.
        type={type === 'number' ? 'text' : 'date'}
        inputMode={type === 'number' ? 'numeric' : undefined}
        min={type === 'date' ? '2000-01-01' : undefined}
        defaultValue={form.values[field]}
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
 * The pupil filters' fields (lib/reports pupil-filters.ts), inside a caller's
 * GET form: Reporting → Attendance's "Show filters" and the Custom report's
 * "Pupil filters" draw the same fields under the same address names.
 */
export function PupilFilterFields({ form, categories, options }: { form: PupilFilterFormState } & PupilFilterChoices) {
  const ticked = new Set(form.values.monitoredCategory);
  const catErrors = form.fieldErrors.monitoredCategory;
  return (
    <>
      {categories.length > 0 ? (
        <fieldset className="space-y-3">
          <legend className="text-base font-semibold text-slate-900">Monitoring</legend>
          <div className="grid gap-4 sm:grid-cols-2 sm:items-end lg:grid-cols-4">
            <Choice
              field="monitored"
              label="Monitored"
              form={form}
              options={MONITORED_CHOICES.map((c) => [c, MONITORED_LABELS[c]] as const)}
            />
            <Choice
              field="monitoredMatch"
              label="Ticked categories"
              form={form}
              options={MATCH_CHOICES.map((c) => [c, MATCH_LABELS[c]] as const)}
            />
            <Typed field="monitoredFrom" label="Monitored from" type="date" hint="With “between dates”" form={form} />
            <Typed field="monitoredTo" label="Monitored to" type="date" hint="With “between dates”" form={form} />
          </div>
          <fieldset aria-describedby={describedBy('filter-monitoredCategory', 'hint', catErrors)}>
            <legend className="block text-sm font-medium text-slate-800">In categories</legend>
            <p id="filter-monitoredCategory-hint" className="mt-0.5 text-sm text-slate-600">
              A category includes its sub-categories. Tick none for any category you can see; with several ticked,
              choose above whether a pupil must be monitored in any of them or in every one.
            </p>
            <ul
              className={`mt-2 max-h-56 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
                catErrors ? 'border-rose-600' : 'border-slate-300'
              }`}
            >
              {categories.map((c) => (
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
          <Choice field="yearGroup" label="Year group" form={form} options={listOf(options.yearGroup)} />
          <Choice field="gender" label="Gender" form={form} options={listOf(options.gender)} />
          <Typed field="ageFrom" label="Age from" type="number" hint={`${AGE_MIN} to ${AGE_MAX}`} form={form} />
          <Typed field="ageTo" label="Age to" type="number" hint="Age today, in years" form={form} />
          <Choice
            field="sen"
            label="SEN status"
            form={form}
            options={SEN_CHOICES.map((c) => [c, SEN_FILTER_LABELS[c]] as const)}
          />
          <Choice field="pupilPremium" label="Pupil premium" form={form} options={yesNo} />
          <Choice field="freeSchoolMeals" label="Free school meals" form={form} options={yesNo} />
          <Choice field="eal" label="English as an additional language" form={form} options={yesNo} />
          <Choice field="lookedAfter" label="Looked after" form={form} options={yesNo} />
          <Choice field="ethnicity" label="Ethnicity" form={form} options={listOf(options.ethnicity)} />
          <Choice field="religion" label="Religion" form={form} options={listOf(options.religion)} />
          {options.customFields.map((f) => (
            <CustomChoice key={f.id} field={f} form={form} />
          ))}
        </div>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            name="includeArchived"
            value="yes"
            defaultChecked={form.values.includeArchived === 'yes'}
            className="size-4"
          />
          <span>Include pupils who have left (archived)</span>
        </label>
      </fieldset>
    </>
  );
}
