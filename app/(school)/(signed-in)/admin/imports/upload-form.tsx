'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/**
 * Upload of an extract: a .zip, or the CSV files. Posted to the upload route
 * (a route handler: the files can be tens of megabytes); with JavaScript the
 * page stays put while it imports and then opens the run, without it the form
 * posts and the route redirects to the run.
 */
export function UploadForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = e.currentTarget;
    const input = form.elements.namedItem('files') as HTMLInputElement;
    if (!input.files || input.files.length === 0) {
      setMessage('Choose the extract to import: a .zip, or the CSV files.');
      input.focus();
      return;
    }
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { accept: 'application/json' },
      });
      const body = (await res.json().catch(() => ({}))) as { runId?: string; message?: string };
      if (body.runId) {
        router.push(`/admin/imports/${body.runId}`);
        router.refresh();
        return;
      }
      setMessage(body.message ?? `The upload was refused (${res.status}).`);
    } catch {
      setMessage('The upload did not reach Haven. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form
      action="/admin/imports/upload"
      method="post"
      encType="multipart/form-data"
      onSubmit={submit}
      className="space-y-3"
      aria-busy={pending}
    >
      <div>
        <label htmlFor="import-files" className="block font-medium text-slate-900">
          Extract files
        </label>
        <p id="import-files-hint" className="text-sm text-slate-600">
          A .zip of the extract, or its CSV files: students.csv (required), staff.csv, contacts.csv, attendance.csv.
        </p>
        <input
          id="import-files"
          name="files"
          type="file"
          multiple
          accept=".zip,.csv,text/csv,application/zip"
          aria-describedby={message ? 'import-files-hint import-files-error' : 'import-files-hint'}
          aria-invalid={message ? true : undefined}
          className="mt-2 block w-full text-sm text-slate-700 file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:font-medium file:text-slate-800 hover:file:bg-slate-50"
        />
        {message ? (
          <p id="import-files-error" role="alert" className="mt-2 text-sm font-medium text-red-700">
            {message}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? 'Importing…' : 'Import'}
      </button>
      {pending ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          Importing. A large school takes up to a minute; keep this page open.
        </p>
      ) : null}
    </form>
  );
}
