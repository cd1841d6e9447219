import { describedBy } from '@/app/_components/field-frame';
import type { CustomReportPage } from '@/lib/reports';

/**
 * The incident form's dropdown custom fields as filters: an incident with
 * any ticked option of a field, for every field with one ticked. An option
 * sent that the field lacks stays ticked beside its message.
 */
export function IncidentFieldFilters({ page }: { page: CustomReportPage }) {
  const { values, fieldErrors } = page.form;
  const fields = page.filterChoices.incidentFields;
  const known = new Set(fields.map((f) => f.id));
  const orphan = Object.entries(fieldErrors)
    .filter(([k, v]) => k.startsWith('icf-') && !known.has(k.slice(4)) && v?.length)
    .flatMap(([, v]) => v!);
  if (fields.length === 0 && orphan.length === 0) return null;
  return (
    <div className="space-y-3">
      {orphan.length > 0 ? (
        <p role="alert" className="text-sm font-medium text-rose-700">
          {orphan.join(' ')}
        </p>
      ) : null}
      {fields.map((f) => {
        const name = `icf-${f.id}`;
        const id = `report-${name}`;
        const errors = fieldErrors[name as `icf-${string}`];
        const ticked = values.incidentFields[f.id] ?? [];
        const extra = ticked.filter((o) => !f.options.includes(o));
        return (
          <fieldset key={f.id} aria-describedby={describedBy(id, 'hint', errors)}>
            <legend className="block text-sm font-medium text-slate-800">{f.label}</legend>
            <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
              Incidents with any ticked option. Tick none for any.
            </p>
            <ul
              className={`mt-2 max-h-48 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
                errors ? 'border-rose-600' : 'border-slate-300'
              }`}
            >
              {[...extra, ...f.options].map((o) => (
                <li key={o} className="break-inside-avoid">
                  <label className="flex min-h-9 items-center gap-2">
                    <input
                      type="checkbox"
                      name={name}
                      value={o}
                      defaultChecked={ticked.includes(o)}
                      className="size-4"
                    />
                    <span>{o}</span>
                  </label>
                </li>
              ))}
            </ul>
            {errors ? (
              <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
                {errors.join(' ')}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
