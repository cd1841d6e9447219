import type { CustomReportPage } from '@/lib/reports';
import { Choice } from './choice';
import { IncidentFieldFilters } from './incident-field-filters';
import { WordsField } from './words-field';

/**
 * The incident filters beyond dates, status and categories: words of the
 * text, who it is assigned to, agencies, the linked pupils' copies and the
 * incident form's dropdown custom fields.
 */
export function MoreFilters({ page }: { page: CustomReportPage }) {
  const { values, fieldErrors: errors } = page.form;
  const ticked = new Set(values.agency);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3 sm:items-start">
        <div className="sm:col-span-2">
          <WordsField initial={values.word} errors={errors.word} />
        </div>
        <Choice
          id="report-word-match"
          name="wordMatch"
          label="Word match"
          value={values.wordMatch}
          errors={errors.wordMatch}
          options={[
            ['any', 'Any of the words'],
            ['all', 'All of the words'],
            ['exclude', 'None of the words'],
          ]}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Choice
          id="report-assigned-to"
          name="assignedTo"
          label="Assignee"
          value={values.assignedTo}
          errors={errors.assignedTo}
          options={[
            ['', 'Anyone or no one'],
            ['unassigned', 'Unassigned'],
            ...page.staff.map((s) => [s.id, s.name] as const),
          ]}
        />
        <Choice
          id="report-linked"
          name="linked"
          label="Linked incidents"
          hint="The copies of an incident made for linked pupils"
          value={values.linked}
          errors={errors.linked}
          options={[
            ['include', 'Include: count each pupil’s copy'],
            ['exclude', 'Leave out: count each incident once'],
          ]}
        />
      </div>
      {page.agencies.length > 0 ? (
        <fieldset aria-describedby={errors.agency ? 'report-agency-error' : 'report-agency-hint'}>
          <legend className="block text-sm font-medium text-slate-800">Agencies</legend>
          <p id="report-agency-hint" className="mt-0.5 text-sm text-slate-600">
            Incidents naming any of the ticked agencies. Tick none for any.
          </p>
          <ul
            className={`mt-2 max-h-48 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
              errors.agency ? 'border-rose-600' : 'border-slate-300'
            }`}
          >
            {page.agencies.map((a) => (
              <li key={a.id} className="break-inside-avoid">
                <label className="flex min-h-9 items-center gap-2">
                  <input
                    type="checkbox"
                    name="agency"
                    value={a.id}
                    defaultChecked={ticked.has(a.id)}
                    className="size-4"
                  />
                  <span>
                    {a.name}
                    {a.disabled ? <span className="text-slate-500"> (disabled)</span> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {errors.agency ? (
            <p id="report-agency-error" className="mt-1 text-sm font-medium text-rose-700">
              {errors.agency.join(' ')}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <IncidentFieldFilters page={page} />
    </>
  );
}
