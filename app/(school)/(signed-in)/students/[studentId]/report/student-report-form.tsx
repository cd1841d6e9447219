import Link from 'next/link';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import {
  CHART_KIND_LABELS,
  GROUPING_LABELS,
  QUICK_RANGE_LABELS,
  RANGE_CHOICES,
  STUDENT_GROUPINGS,
  type CustomReportForm,
  type RangeChoice,
  type ReportCategoryOption,
} from '@/lib/reports';
import { Choice } from '../../../reporting/custom/choice';
import { ListingOptions } from '../../../reporting/custom/listing-options';

const RANGE_LABELS: Record<RangeChoice, string> = { any: 'Any date', ...QUICK_RANGE_LABELS, between: 'Between dates' };

const SHOW_AS: readonly (readonly [string, string])[] = [
  ['listing', 'Full chronology'],
  ['table', 'Summary table'],
  ['pie', CHART_KIND_LABELS.pie],
  ['column', CHART_KIND_LABELS.column],
  ['bar', CHART_KIND_LABELS.bar],
];

/**
 * The Student report's choices as a GET form (it works without JavaScript
 * and can be bookmarked): dates, categories, linked incidents, how to show
 * it, a grouping for the counts and what a chronology holds. Every field
 * keeps what was typed with its message beside it.
 */
export function StudentReportForm({
  studentId,
  form,
  categories,
}: {
  studentId: string;
  form: CustomReportForm;
  categories: readonly ReportCategoryOption[];
}) {
  const { values, fieldErrors: errors } = form;
  const ticked = new Set(values.category);
  const base = `/students/${studentId}/report`;
  return (
    <form method="get" action={`${base}#report-result`} className="space-y-5" noValidate>
      <input type="hidden" name="secondary" value="" />
      <fieldset className="space-y-3">
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
        <div className="sm:max-w-sm">
          <Choice
            id="report-linked"
            name="linked"
            label="Linked incidents"
            value={values.linked}
            errors={errors.linked}
            options={[
              ['include', 'Include linked incidents'],
              ['exclude', 'Only incidents about them'],
            ]}
          />
        </div>
        <fieldset aria-describedby={describedBy('report-category', 'hint', errors.category)}>
          <legend className="block text-sm font-medium text-slate-800">Categories</legend>
          <p id="report-category-hint" className="mt-0.5 text-sm text-slate-600">
            Incidents in any of the ticked categories. Tick none for every category.
          </p>
          <ul
            className={`mt-2 max-h-56 gap-x-6 overflow-y-auto rounded-lg border bg-white p-3 sm:columns-2 lg:columns-3 ${
              errors.category ? 'border-rose-600' : 'border-slate-300'
            }`}
          >
            {categories.map((c) => (
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
      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Result</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Choice
            id="report-display"
            name="display"
            label="Show as"
            value={values.display}
            errors={errors.display}
            options={SHOW_AS}
          />
          <Choice
            id="report-primary"
            name="primary"
            label="Count by (table and charts)"
            value={values.primary}
            errors={errors.primary ?? errors.secondary}
            options={STUDENT_GROUPINGS.map((g) => [g, GROUPING_LABELS[g]] as const)}
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
        </div>
        <ListingOptions values={values} errors={errors} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Generate report
        </button>
        {form.submitted ? (
          <Link href={base} className="text-sm text-brand-700 underline underline-offset-2">
            Start again
          </Link>
        ) : null}
      </div>
    </form>
  );
}
