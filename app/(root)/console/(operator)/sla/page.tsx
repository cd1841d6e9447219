import { FormMessage } from '@/app/_components/form-controls';
import { formatBytes } from '@/app/_components/format-bytes';
import { requireOperator } from '@/lib/http';
import { currentSla, SLA_NOT_PDF, SLA_TOO_BIG } from '@/lib/platform';

export const metadata = { title: 'Haven console: service-level agreement' };

const ERRORS: Record<string, string> = {
  'too-big': SLA_TOO_BIG,
  'not-pdf': SLA_NOT_PDF,
  missing: 'Choose the PDF to upload.',
};

/** One agreement for the whole deployment: every school’s Admin → Overview offers it for download. */
export default async function ConsoleSlaPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; done?: string }>;
}) {
  await requireOperator();
  const [sla, sp] = await Promise.all([currentSla(), searchParams]);
  const error = sp.error ? (ERRORS[sp.error] ?? null) : null;
  return (
    <section className="mx-auto max-w-2xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Service-level agreement</h1>
      <p className="mt-1 text-slate-600">
        Upload it once for the deployment; every school’s administrators download it from Admin → Overview. A new upload
        replaces it.
      </p>
      {sp.done === '1' ? (
        <div className="mt-4">
          <FormMessage tone="success" message="Agreement uploaded. Every school now offers this one." />
        </div>
      ) : null}
      <p className="mt-4 text-slate-800">
        {sla
          ? `Current: ${sla.name} (${formatBytes(sla.byteSize)}), uploaded ${sla.uploadedAt.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC.`
          : 'No agreement uploaded yet.'}
      </p>
      <form method="post" action="/console/sla-upload" encType="multipart/form-data" className="mt-6 space-y-4">
        <div>
          <label htmlFor="field-file" className="block text-sm font-medium text-slate-800">
            The agreement (PDF, at most 10 MB)
          </label>
          <input
            id="field-file"
            name="file"
            type="file"
            accept="application/pdf,.pdf"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'field-file-error' : undefined}
            className="mt-1 block w-full text-sm"
          />
          {error ? (
            <p id="field-file-error" className="mt-1 text-sm font-medium text-rose-700">
              {error}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Upload agreement
        </button>
      </form>
    </section>
  );
}
