import { schoolTimeZones } from '@/lib/time';
import { requireAdminPage } from '../admin-page';
import { SettingsForm } from './settings-form';

export const metadata = { title: 'School settings' };

export default async function SchoolSettingsPage() {
  const ctx = await requireAdminPage();
  const s = ctx.school.settings;
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">School settings</h1>
        <p className="mt-1 text-slate-600">
          How Haven behaves for everyone at {ctx.school.name}. Changes are recorded in the audit log.
        </p>
      </div>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <SettingsForm settings={s} timeZone={ctx.school.timeZone} timeZones={schoolTimeZones()} />
      </section>
    </div>
  );
}
