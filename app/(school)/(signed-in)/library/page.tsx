import Link from 'next/link';
import { formatBytes } from '@/app/_components/format-bytes';
import { requireUserCtx } from '@/lib/http';
import {
  LIBRARY_NEEDS_KEY,
  NO_LIBRARY,
  libraryAccess,
  libraryAlertOptions,
  listLibrary,
  type LibraryRow,
} from '@/lib/library';
import { Card, Empty } from '../students/[studentId]/_components/card';
import { LibraryAlertForm } from './_components/alert-form';
import { LibraryUploader } from './_components/library-uploader';
import { deleteLibraryFileAction, markLibraryUnderstoodAction, restoreLibraryFileAction } from './actions';
import { DeleteFileForm } from '@/app/_components/delete-file-form';

export const metadata = { title: 'Library' };

const COLUMNS = 'sm:grid-cols-[minmax(0,2.2fr)_6rem_minmax(0,1.2fr)_minmax(0,1fr)]';

function FileRow({
  f,
  mayAdd,
  mayReadBy,
  mayAlert,
  when,
}: {
  f: LibraryRow;
  mayAdd: boolean;
  mayReadBy: boolean;
  mayAlert: boolean;
  when: (d: Date) => string;
}) {
  const href = `/library/${f.id}`;
  const mine = f.myReceipt;
  return (
    <li className={`grid gap-x-3 gap-y-1 px-4 py-3 sm:items-baseline sm:px-5 ${COLUMNS}`}>
      <div className="min-w-0">
        <a href={href} className="font-medium break-words text-brand-800 underline underline-offset-2">
          {f.name}
        </a>
        <p className="text-sm text-slate-600 sm:hidden">
          {formatBytes(f.size)} · {f.typeLabel} · {f.uploadedBy} · {when(f.uploadedAt)}
        </p>
        {mine ? (
          mine.understoodAt ? (
            <p className="text-sm text-emerald-800">You marked this read and understood, {when(mine.understoodAt)}.</p>
          ) : (
            <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
              <p className="text-sm font-medium text-amber-900">
                {mine.requireAction ? 'You are asked to read this file.' : 'You were alerted to this file.'}
              </p>
              <form action={markLibraryUnderstoodAction}>
                <input type="hidden" name="documentId" value={f.id} />
                <button
                  type="submit"
                  className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
                >
                  Mark as read and understood
                </button>
              </form>
            </div>
          )
        ) : null}
        <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <a href={`${href}?download=1`} className="text-brand-700 underline underline-offset-2">
            Download
          </a>
          {mayReadBy ? (
            <Link href={`${href}/read-by`} className="text-brand-700 underline underline-offset-2">
              Read by
            </Link>
          ) : null}
          {mayAdd ? (
            <details className="w-full sm:w-auto">
              <summary className="cursor-pointer text-brand-700 underline underline-offset-2">Options</summary>
              <div className="mt-2 max-w-xl space-y-4">
                {mayAlert ? (
                  <p>
                    <Link
                      href={`/library?alert=${f.id}#library-alert-heading`}
                      className="font-medium text-brand-800 underline underline-offset-2"
                    >
                      Alert users…
                    </Link>
                  </p>
                ) : null}
                <details>
                  <summary className="cursor-pointer text-rose-800 underline underline-offset-2">Delete…</summary>
                  <div className="mt-2 max-w-md">
                    <DeleteFileForm action={deleteLibraryFileAction} fields={{ documentId: f.id }} name={f.name} />
                  </div>
                </details>
              </div>
            </details>
          ) : null}
        </div>
      </div>
      <span className="hidden text-slate-700 sm:block">{formatBytes(f.size)}</span>
      <span className="hidden text-slate-700 sm:block">{f.uploadedBy}</span>
      <span className="hidden text-slate-700 sm:block">{when(f.uploadedAt)}</span>
    </li>
  );
}

export default async function LibraryPage({ searchParams }: { searchParams: Promise<{ alert?: string }> }) {
  const ctx = await requireUserCtx();
  const { alert } = await searchParams;
  if (libraryAccess(ctx) !== 'allowed') {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">Library</h1>
        <p role="alert" className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-amber-950">
          {NO_LIBRARY}
        </p>
      </div>
    );
  }
  const data = await listLibrary(ctx);
  const alertOptions = data.mayAdd ? await libraryAlertOptions(ctx) : null;
  const addAccess = libraryAccess(ctx, 'library.add');
  const fmt = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  const when = (d: Date) => fmt.format(d);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Library</h1>
        <p className="mt-1 text-slate-600">
          The school’s policies and guidance for staff. Files are stored encrypted, and every view and download is
          recorded.
        </p>
      </div>
      {data.mayAdd ? (
        <Card title="Add files" id="library-upload-heading">
          <p
            role="note"
            className="mb-4 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 font-medium text-amber-950"
          >
            Everyone who can see the library can open these files. Sensitive documents about a pupil belong in that
            pupil’s record (their Document vault), never here.
          </p>
          <LibraryUploader maxFileMb={data.maxFileMb} options={alertOptions ?? { staff: [], groups: [] }} />
        </Card>
      ) : addAccess === 'needs_elevation' ? (
        <p className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sky-950">
          {LIBRARY_NEEDS_KEY}{' '}
          <Link href="/elevate" className="font-medium underline underline-offset-2">
            Use your key
          </Link>
        </p>
      ) : null}
      <section
        aria-labelledby="library-list-heading"
        className="rounded-2xl border border-slate-200 bg-white shadow-sm"
      >
        <h2 id="library-list-heading" className="px-4 pt-4 text-lg font-semibold sm:px-5">
          Files
        </h2>
        <div className="mt-3">
          {data.files.length === 0 ? (
            <div className="px-4 pb-4 sm:px-5">
              <Empty>No files have been added to the library yet.</Empty>
            </div>
          ) : (
            <>
              <div
                className={`hidden gap-x-3 border-y border-slate-200 bg-slate-50 px-5 py-2 text-sm font-semibold text-slate-700 sm:grid ${COLUMNS}`}
              >
                <span>Name</span>
                <span>Size</span>
                <span>Uploaded by</span>
                <span>Uploaded</span>
              </div>
              <ul aria-label="Library files, newest first" className="divide-y divide-slate-100">
                {data.files.map((f) => (
                  <FileRow
                    key={f.id}
                    f={f}
                    mayAdd={data.mayAdd}
                    mayReadBy={data.mayReadBy}
                    mayAlert={alertOptions !== null}
                    when={when}
                  />
                ))}
              </ul>
            </>
          )}
        </div>
      </section>
      {alertOptions && data.files.length > 0 ? (
        <Card title="Alert users to files" id="library-alert-heading">
          <LibraryAlertForm
            documentIds={data.files.some((f) => f.id === alert) ? [alert!] : []}
            files={data.files.map((f) => ({ id: f.id, name: f.name }))}
            options={alertOptions}
            idPrefix="library-alert"
          />
        </Card>
      ) : null}
      {data.mayAdd ? (
        <Card title="Deleted files" id="library-deleted-heading">
          {data.deletedFiles.length === 0 ? (
            <Empty>No library files have been deleted.</Empty>
          ) : (
            <ul aria-label="Deleted files" className="divide-y divide-slate-100">
              {data.deletedFiles.map((f) => (
                <li key={f.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <span className="font-medium break-words text-slate-900">{f.name}</span>
                    <p className="text-sm break-words text-slate-600">
                      Deleted by {f.deleted!.by}, {when(f.deleted!.at)}: {f.deleted!.reason}
                    </p>
                  </div>
                  <form action={restoreLibraryFileAction}>
                    <input type="hidden" name="documentId" value={f.id} />
                    <button
                      type="submit"
                      className="inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
                    >
                      Restore “{f.name}”
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </div>
  );
}
