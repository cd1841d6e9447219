import Link from 'next/link';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import { ListingOptions } from './listing-options';
import {
  CHART_KIND_LABELS,
  DISPLAY_CHOICES,
  GROUPING_LABELS,
  INCIDENT_GROUPINGS,
  STUDENT_SUBJECT_GROUPINGS,
  QUICK_RANGE_LABELS,
  RANGE_CHOICES,
  type CustomReportPage,
  type DisplayChoice,
  type RangeChoice,
} from '@/lib/reports';
import { Choice } from './choice';
import { MoreFilters } from './more-filters';
import { PupilFiltersSection } from './pupil-filters-section';
import { SubjectChoice } from './subject-choice';

const RANGE_LABELS: Record<RangeChoice, string> = {
  any: 'Any date',
  ...QUICK_RANGE_LABELS,
  between: 'Between dates',
};

const DISPLAY_LABELS: Record<DisplayChoice, string> = {
  table: 'Summary table',
  ...CHART_KIND_LABELS,
  listing: 'Listing (every incident, or on Students every pupil)',
  combined: 'Combined graph (two groupings on one chart)',
};

/** Hidden while Students with every pupil is chosen (the selects' chosen options, read by CSS). */
const HIDDEN_FOR_EVERY_PUPIL =
  '[form:has(#report-subject_option[value=students]:checked):has(#report-with-incidents_option[value=""]:checked)_&]:hidden';

const STATUS_LABELS = { any: 'Any status', active: 'Active', closed: 'Closed' } as const;

/**
 * The Custom report's filters as a GET form: it works without JavaScript, a
 * report can be bookmarked, and every field keeps what was typed with its
 * message beside it.
 */
export function ReportFilters({ page }: { page: CustomReportPage }) {
  const { values, fieldErrors: errors } = page.form;
  const ticked = new Set(values.category);
  const students = values.subject === 'students';
  const groupings: (readonly [string, string])[] = [
    ...(students ? STUDENT_SUBJECT_GROUPINGS : INCIDENT_GROUPINGS).map((g) => [g, GROUPING_LABELS[g]] as const),
    ...(students ? page.pupilGroupingFields : page.groupingFields).map(
      (f) => [f.by, f.deleted ? `${f.label} (deleted field)` : f.label] as const,
    ),
  ];
  return (
    // The fragment survives a GET submission: on a phone the page opens at the report, below the long form.
    <form method="get" action="/reporting/custom#report-result" className="space-y-5" noValidate>
      <SubjectChoice page={page} />
      {/* Which subject the groupings below were offered for: Students chosen on a form offering incident groupings starts at year group. */}
      <input type="hidden" name="groupingsFor" value={students ? 'students' : 'incidents'} />
      {/* On Students with every pupil the incident filters count for nothing: hidden (CSS, so it follows the choices without
          JavaScript), still sent, so what was set stays for "Only those with incidents matching". */}
      <fieldset className={`space-y-3 ${HIDDEN_FOR_EVERY_PUPIL}`}>
        <legend className="text-base font-semibold text-slate-900">Incidents</legend>
        <div className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <Choice
            id="report-range"
            name="range"
            label="Date range"
            value={values.range}
            errors={errors.range}
            options={RANGE_CHOICES.map((r) => [r, RANGE_LABELS[r]] as const)}
          />
          {(['from', 'to'] as const).map((f) => (
            <FieldFrame
              key={f}
              id={`report-${f}`}
              label={f === 'from' ? 'From' : 'To'}
              hint="With “Between dates”"
              errors={errors[f]}
            >
              <input
                id={`report-${f}`}
                name={f}
                type="date"
                min="2000-01-01"
                defaultValue={values[f]}
                aria-invalid={errors[f] ? true : undefined}
                aria-describedby={describedBy(`report-${f}`, 'hint', errors[f])}
                className={controlClass(errors[f])}
              />
            </FieldFrame>
          ))}
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Choice
            id="report-status"
            name="status"
            label="Status"
            value={values.status}
            errors={errors.status}
            options={Object.entries(STATUS_LABELS)}
          />
          <Choice
            id="report-recorded-by"
            name="recordedBy"
            label="Recorded by"
            value={values.recordedBy}
            errors={errors.recordedBy}
            options={[['', 'Anyone'], ...page.staff.map((s) => [s.id, s.name] as const)]}
          />
          <Choice
            id="report-recorded-by-mode"
            name="recordedByMode"
            label="Incidents recorded"
            value={values.recordedByMode}
            errors={errors.recordedByMode}
            options={[
              ['only', 'By them only'],
              ['exclude', 'By anyone but them'],
            ]}
          />
        </div>
        <MoreFilters page={page} />
        <fieldset aria-describedby={describedBy('report-category', 'hint', errors.category)}>
          <legend className="block text-sm font-medium text-slate-800">Categories</legend>
          <p id="report-category-hint" className="mt-0.5 text-sm text-slate-600">
            Incidents in the ticked categories. Tick none for every category.
          </p>
          <div className="mt-2 max-w-xs">
            <Choice
              id="report-category-match"
              name="categoryMatch"
              label="Ticked categories"
              value={values.categoryMatch}
              errors={errors.categoryMatch}
              options={[
                ['any', 'In any of them'],
                ['all', 'In all of them'],
              ]}
            />
          </div>
          <ul
            className={`mt-2 max-h-64 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
              errors.category ? 'border-rose-600' : 'border-slate-300'
            }`}
          >
            {page.categories.map((c) => (
              // Columns flow down, so a category's sub-categories stay under it.
              <li key={c.id} className={`break-inside-avoid ${c.parentId ? 'pl-6' : ''}`}>
                <label className="flex min-h-9 items-center gap-2">
                  <input
                    type="checkbox"
                    name="category"
                    value={c.id}
                    defaultChecked={ticked.has(c.id)}
                    className="size-4"
                  />
                  <span>
                    {c.name}
                    {c.disabled ? <span className="text-slate-500"> (disabled)</span> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {errors.category ? (
            <p id="report-category-error" className="mt-1 text-sm font-medium text-rose-700">
              {errors.category.join(' ')}
            </p>
          ) : null}
        </fieldset>
      </fieldset>
      <PupilFiltersSection page={page} />
      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Result</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Choice
            id="report-display"
            name="display"
            label="Show as"
            value={values.display}
            errors={errors.display}
            options={DISPLAY_CHOICES.map((d) => [d, DISPLAY_LABELS[d]] as const)}
          />
          <Choice
            id="report-values"
            name="values"
            label="Chart values"
            value={values.values}
            errors={errors.values}
            options={[
              ['counts', 'Counts'],
              ['percentages', 'Percentages'],
            ]}
          />
          <Choice
            id="report-series"
            name="series"
            label="Chart with a second grouping"
            value={values.series}
            errors={errors.series}
            options={[
              ['stacked', 'Stacked'],
              ['grouped', 'Side by side'],
            ]}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Choice
            id="report-primary"
            name="primary"
            label="Rows: group by"
            value={values.primary}
            errors={errors.primary}
            options={groupings}
          />
          <Choice
            id="report-secondary"
            name="secondary"
            label="Columns: then by (optional)"
            value={values.secondary}
            errors={errors.secondary}
            options={[['', 'No second grouping'], ...groupings]}
          />
        </div>
        <p className="text-sm text-slate-600">
          A combined graph draws the first grouping as columns and a line for each group of the second.
        </p>
        <ListingOptions values={values} errors={errors} students={students} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Generate report
        </button>
        {page.form.submitted ? (
          <Link href="/reporting/custom" className="text-sm text-brand-700 underline underline-offset-2">
            Start again
          </Link>
        ) : null}
      </div>
    </form>
  );
}
