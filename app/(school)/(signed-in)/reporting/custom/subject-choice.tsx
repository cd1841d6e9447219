import type { CustomReportPage } from '@/lib/reports';
import { Choice } from './choice';

/**
 * "Report on": Incidents (every filter below chooses incidents) or Students
 * (the pupil filters choose pupils; the incident filters count only with
 * "with incidents matching"). The groupings offered follow the choice once
 * the report is generated; without JavaScript a grouping that does not fit
 * is answered beside it.
 */
export function SubjectChoice({ page }: { page: CustomReportPage }) {
  const { values, fieldErrors: errors } = page.form;
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold text-slate-900">Report on</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Choice
          id="report-subject"
          name="subject"
          label="Subject"
          value={values.subject}
          errors={errors.subject}
          options={[
            ['incidents', 'Incidents'],
            ['students', 'Students'],
          ]}
        />
        <Choice
          id="report-with-incidents"
          name="withIncidents"
          label="Students"
          hint="With Students: which pupils matching the pupil filters count"
          value={values.withIncidents}
          errors={errors.withIncidents}
          options={[
            ['', 'Every pupil matching the pupil filters'],
            ['matching', 'Only those with incidents matching the incident filters'],
          ]}
        />
      </div>
    </fieldset>
  );
}
