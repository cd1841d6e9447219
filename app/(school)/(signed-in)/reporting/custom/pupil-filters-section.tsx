import type { CustomReportPage } from '@/lib/reports';
import { PupilFilterFields } from '../_components/pupil-filter-fields';

/**
 * The Custom report's "Pupil filters": the Attendance page's fields, on the
 * incident's pupil. Closed until one is set, so a phone reaches "Generate
 * report" without scrolling past them.
 */
export function PupilFiltersSection({ page }: { page: CustomReportPage }) {
  const { values, fieldErrors } = page.form;
  const { pupilCategories, pupilOptions } = page.filterChoices;
  const pupils = values.pupils;
  const shown = new Set(pupilOptions.customFields.map((f) => `cf-${f.id}`));
  // A field sent that the school's form does not have (a deleted field, a forged address) has no select to sit by.
  const orphan = Object.entries(fieldErrors)
    .filter(([k, v]) => k.startsWith('cf-') && !shown.has(k) && v?.length)
    .flatMap(([, v]) => v!);
  const errorKeys = Object.keys(fieldErrors).filter((k) => !k.startsWith('icf-'));
  const pupilErrors = errorKeys.some((k) => k.startsWith('cf-') || k in pupils);
  const active =
    Object.values(pupils.custom).some((v) => v !== '') ||
    pupils.monitoredCategory.length > 0 ||
    (['monitored', 'pupilPremium', 'sen', 'eal', 'freeSchoolMeals', 'lookedAfter'] as const).some(
      (k) => pupils[k] !== 'any',
    ) ||
    (['religion', 'ethnicity', 'gender', 'yearGroup', 'ageFrom', 'ageTo', 'includeArchived'] as const).some(
      (k) => pupils[k] !== '',
    );
  return (
    <details open={active || pupilErrors} className="rounded-xl border border-slate-200 p-3 sm:p-4">
      <summary className="min-h-11 cursor-pointer py-2 text-base font-semibold text-slate-900">
        {active ? 'Pupil filters (some are set)' : 'Pupil filters'}
      </summary>
      <div className="mt-2 space-y-5">
        <p className="text-sm text-slate-600">
          Incidents whose pupil matches every filter set. With any filter set, pupils who have left count only when
          “Include pupils who have left” is ticked.
        </p>
        {orphan.length > 0 ? (
          <p role="alert" className="text-sm font-medium text-rose-700">
            {orphan.join(' ')}
          </p>
        ) : null}
        <PupilFilterFields form={{ values: pupils, fieldErrors }} categories={pupilCategories} options={pupilOptions} />
      </div>
    </details>
  );
}
