import {
  BASIC_DATA_FIELDS,
  BASIC_DATA_LABELS,
  LISTING_INCLUDE_LABELS,
  LISTING_INCLUDES,
  type CustomReportErrors,
  type CustomReportValues,
} from '@/lib/reports';

/**
 * The Listing's own choices, used when "Show as" is Listing: what each
 * incident's card holds, and whether pupils' and staff's names are replaced
 * (in the text as well as the name columns). On Students the same boxes
 * choose what each pupil's card holds. Plain checkboxes in the GET
 * form, so they work without JavaScript and keep what was ticked.
 */
export function ListingOptions({
  values,
  errors,
  students = false,
}: {
  values: CustomReportValues;
  errors: CustomReportErrors;
  /** The form is on Students: each card is a pupil. */
  students?: boolean;
}) {
  const ticked = new Set(values.include);
  // A form that never offered the field boxes asked for every field.
  const fieldTicked = (f: string) => values.basicFieldsOffered !== '1' || values.basicField.includes(f);
  const box = 'flex min-h-9 items-center gap-2';
  return (
    <fieldset
      className="rounded-xl border border-slate-200 p-3"
      aria-describedby={errors.include ? 'report-include-error' : 'report-include-hint'}
    >
      <legend className="px-1 text-sm font-medium text-slate-800">With a listing</legend>
      <p id="report-include-hint" className="text-sm text-slate-600">
        {students
          ? 'On Students: every pupil by name, with their year and tutor group and what you tick of their basic data, custom fields and contacts (incidents, actions and staff names are an incident listing’s). Hidden names become “[Student 1]” and “[Contact 1]”.'
          : 'Every incident in date order, with what you tick. Hidden names become “[Student]”, “[Linked student 1]”, “[Contact 1]” and staff roles, in the text too.'}
      </p>
      <div className="mt-2 grid gap-x-6 sm:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Include in report</legend>
          {LISTING_INCLUDES.map((k) => (
            <label key={k} className={box}>
              <input type="checkbox" name="include" value={k} defaultChecked={ticked.has(k)} className="size-4" />
              <span>{LISTING_INCLUDE_LABELS[k]}</span>
            </label>
          ))}
          {errors.include ? (
            <p id="report-include-error" className="mt-1 text-sm font-medium text-rose-700">
              {errors.include.join(' ')}
            </p>
          ) : null}
          <fieldset
            className="mt-2 border-l-2 border-slate-200 pl-3"
            aria-describedby={errors.basicField ? 'report-basic-field-error' : undefined}
          >
            <legend className="text-sm font-medium text-slate-800">Basic data fields</legend>
            <input type="hidden" name="basicFieldsOffered" value="1" />
            {BASIC_DATA_FIELDS.map((f) => (
              <label key={f} className={box}>
                <input type="checkbox" name="basicField" value={f} defaultChecked={fieldTicked(f)} className="size-4" />
                <span>{BASIC_DATA_LABELS[f]}</span>
              </label>
            ))}
            {errors.basicField ? (
              <p id="report-basic-field-error" className="mt-1 text-sm font-medium text-rose-700">
                {errors.basicField.join(' ')}
              </p>
            ) : null}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Names</legend>
          <label className={box}>
            <input
              type="checkbox"
              name="hideStudents"
              value="1"
              defaultChecked={values.hideStudents === '1'}
              className="size-4"
            />
            <span>Hide student names</span>
          </label>
          <label className={box}>
            <input
              type="checkbox"
              name="hideStaff"
              value="1"
              defaultChecked={values.hideStaff === '1'}
              className="size-4"
            />
            <span>Hide staff names</span>
          </label>
          {errors.hideStudents || errors.hideStaff ? (
            <p className="mt-1 text-sm font-medium text-rose-700">
              {[...(errors.hideStudents ?? []), ...(errors.hideStaff ?? [])].join(' ')}
            </p>
          ) : null}
        </fieldset>
      </div>
    </fieldset>
  );
}
