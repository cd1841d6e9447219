import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { reportsAccess } from '@/lib/reports';
import { ReportingGate } from './_components/reporting-gate';

export const metadata = { title: 'Reporting' };

const SECTIONS = [
  {
    href: '/reporting/overview',
    title: 'Overview',
    text: 'Pupils monitored now, incidents this year by category, whole-school attendance and the highest and lowest attendees.',
  },
  {
    href: '/reporting/attendance',
    title: 'Attendance',
    text: 'Attendance by class against the average, each class’s pupils from highest to lowest, with pupil filters.',
  },
  {
    href: '/reporting/graphs',
    title: 'Graphs',
    text: 'Incidents by category and by month, monitored pupils, SEN status, ethnicity, religion and absences, as charts.',
  },
  {
    href: '/reporting/custom',
    title: 'Custom report',
    text: 'Count incidents by category, year or tutor group, status, who recorded them, month or day of the week, with the filters you choose.',
  },
  {
    href: '/reporting/saved',
    title: 'Saved reports',
    text: 'Your saved reports and those colleagues have published: run them again on today’s records, share or delete them.',
  },
] as const;

export default async function ReportingPage() {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Reporting</h1>
        <p className="mt-1 text-slate-600">
          Reports count only the records you may see. Every report you run is recorded in the audit log.
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              className="block h-full rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600 hover:bg-brand-50"
            >
              <span className="text-lg font-semibold text-brand-900">{s.title}</span>
              <span className="mt-1 block text-slate-600">{s.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
