import { libraryLogoChoices } from '@/lib/admin';
import { configuredSsoProviders } from '@/lib/auth';
import { schoolLogoId } from '@/lib/files';
import { schoolTimeZones } from '@/lib/time';
import { param, requireAdminPage } from '../admin-page';
import { LibraryLogoForm } from './library-logo-form';
import { LogoForm } from './logo-form';
import { SettingsForm } from './settings-form';

export const metadata = { title: 'School settings' };

export default async function SchoolSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const outcome = param((await searchParams).logo);
  const logoId = await schoolLogoId(ctx);
  const libraryImages = await libraryLogoChoices(ctx);
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
        <SettingsForm
          settings={s}
          timeZone={ctx.school.timeZone}
          ssoAvailable={configuredSsoProviders()}
          timeZones={
            schoolTimeZones().includes(ctx.school.timeZone)
              ? schoolTimeZones()
              : [ctx.school.timeZone, ...schoolTimeZones()]
          }
        />
      </section>
      <section aria-labelledby="logo-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="logo-heading" className="mb-3 text-lg font-semibold">
          School logo
        </h2>
        <LogoForm logoId={logoId} outcome={outcome} />
        <div className="mt-5 border-t border-slate-200 pt-4">
          <LibraryLogoForm images={libraryImages.map((i) => ({ id: i.id, name: i.name }))} />
        </div>
      </section>
    </div>
  );
}
