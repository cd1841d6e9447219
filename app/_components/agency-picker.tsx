import { controlClass, describedBy } from './field-frame';

/**
 * "Agencies involved": the school's agencies as checkboxes (`agencyIds`) and
 * a free-text box for any not on the list (`agencies`, one per line). Plain
 * inputs, so it works without JavaScript and a refused save shows what was
 * ticked and typed. Used by the add-incident, add-action and profile forms.
 */
export function AgencyPicker({
  options,
  chosen,
  other,
  errors = {},
  idPrefix = 'field-agencies',
  legend = 'Agencies involved',
}: {
  options: readonly { id: string; name: string }[];
  chosen: readonly string[];
  other: string;
  errors?: { agencyIds?: string[]; agencies?: string[] };
  idPrefix?: string;
  legend?: string;
}) {
  const otherId = `${idPrefix}-other`;
  const otherHint = 'One per line, for an agency not on the school’s list.';
  return (
    <fieldset aria-describedby={errors.agencyIds?.length ? `${idPrefix}-error` : undefined}>
      <legend className="block text-sm font-medium text-slate-800">{legend}</legend>
      {options.length > 0 ? (
        <ul className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {options.map((o) => (
            <li key={o.id}>
              <label className="flex min-h-11 items-center gap-2 sm:min-h-0 sm:py-1">
                <input
                  type="checkbox"
                  name="agencyIds"
                  value={o.id}
                  defaultChecked={chosen.includes(o.id)}
                  className="h-5 w-5 shrink-0 rounded border-slate-400"
                />
                <span className="break-words">{o.name}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {errors.agencyIds?.length ? (
        <p id={`${idPrefix}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.agencyIds.join(' ')}
        </p>
      ) : null}
      <div className="mt-2">
        <label htmlFor={otherId} className="block text-sm font-medium text-slate-800">
          {options.length > 0 ? 'Other agencies' : legend}
        </label>
        <p id={`${otherId}-hint`} className="mt-0.5 text-sm text-slate-600">
          {otherHint}
        </p>
        <textarea
          id={otherId}
          name="agencies"
          rows={2}
          defaultValue={other}
          aria-invalid={errors.agencies?.length ? true : undefined}
          aria-describedby={describedBy(otherId, otherHint, errors.agencies)}
          className={controlClass(errors.agencies)}
        />
        {errors.agencies?.length ? (
          <p id={`${otherId}-error`} className="mt-1 text-sm font-medium text-rose-700">
            {errors.agencies.join(' ')}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
