import { formatBytes } from '@/app/_components/format-bytes';
import { documentAlertOptions, type DocumentAlertOptions, type VaultDocumentRow } from '@/lib/vault';
import { getProfileDocuments } from '@/lib/profile';
import { Card, Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { profileHref } from '../_components/tabs';
import { deleteDocumentAction, restoreDocumentAction } from './actions';
import { DeleteFileForm } from '@/app/_components/delete-file-form';
import { AlertDocumentForm } from './alert-form';
import { SelectAll } from './select-all';
import { UploadPanel } from '@/app/_components/upload-panel';

export const metadata = { title: 'Document vault' };

const SOURCE_LABELS = { vault: 'Uploaded to the vault', incident: 'Incident', action: 'Action' } as const;
const ZIP_FORM = 'vault-zip';

/** Where the file came from; an incident's or action's file links to that record. */
function SourceLabel({ d }: { d: VaultDocumentRow }) {
  if (!d.record) return <>{SOURCE_LABELS[d.source]}</>;
  const on = d.record.actionId ? `Action on incident #${d.record.number}` : `Incident #${d.record.number}`;
  const label = d.record.mergedFromNumber !== null ? `${on} (merged from #${d.record.mergedFromNumber})` : on;
  return (
    <a href={`/incidents/${d.record.incidentId}`} className="text-brand-700 underline underline-offset-2">
      {label}
    </a>
  );
}

type Search = Record<string, string | string[] | undefined>;

function DocumentRow({
  d,
  base,
  studentId,
  mayManage,
  when,
  alertOptions,
}: {
  d: VaultDocumentRow;
  base: string;
  studentId: string;
  mayManage: boolean;
  when: (x: Date) => string;
  alertOptions: DocumentAlertOptions;
}) {
  const href = `${base}/${d.id}`;
  return (
    <li className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 px-4 py-3 sm:grid-cols-[2rem_minmax(0,2fr)_6rem_minmax(0,1.2fr)_minmax(0,1.2fr)_8rem] sm:items-baseline sm:px-5">
      <input
        type="checkbox"
        name="id"
        value={d.id}
        form={ZIP_FORM}
        aria-label={`Select ${d.name}`}
        className="mt-1 h-5 w-5 sm:mt-0"
      />
      <div className="min-w-0">
        <a href={href} className="font-medium break-words text-brand-800 underline underline-offset-2">
          {d.name}
        </a>
        <p className="text-sm text-slate-600 sm:hidden">
          {formatBytes(d.size)} · {d.typeLabel} · {d.uploadedBy} · {when(d.uploadedAt)} · <SourceLabel d={d} />
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <a href={`${href}?download=1`} className="text-brand-700 underline underline-offset-2">
            Download
          </a>
          <details className="w-full sm:w-auto">
            <summary className="cursor-pointer text-brand-700 underline underline-offset-2">Alert users…</summary>
            <div className="mt-2 max-w-md">
              <AlertDocumentForm
                studentId={studentId}
                documentId={d.id}
                staff={alertOptions.staffByDocument[d.id] ?? []}
                groups={alertOptions.groups}
                readers={d.source === 'vault' ? 'vault' : 'record'}
              />
            </div>
          </details>
          {/* A record's file is removed by editing that record (a versioned edit), not here. */}
          {mayManage && d.source === 'vault' ? (
            <details className="w-full sm:w-auto">
              <summary className="cursor-pointer text-rose-800 underline underline-offset-2">Delete…</summary>
              <div className="mt-2 max-w-md">
                <DeleteFileForm action={deleteDocumentAction} fields={{ studentId, documentId: d.id }} name={d.name} />
              </div>
            </details>
          ) : null}
        </div>
      </div>
      <span className="hidden text-slate-700 sm:block">{formatBytes(d.size)}</span>
      <span className="hidden text-slate-700 sm:block">{d.typeLabel}</span>
      <span className="hidden text-slate-700 sm:block">
        {d.uploadedBy}
        <span className="block text-sm text-slate-500">
          <SourceLabel d={d} />
        </span>
      </span>
      <span className="hidden text-slate-700 sm:block">{when(d.uploadedAt)}</span>
    </li>
  );
}

export default async function DocumentsTab({
  params,
  searchParams,
}: ProfileParams & { searchParams: Promise<Search> }) {
  const { studentId } = await params;
  const sp = await searchParams;
  const loaded = await loadProfileTab((ctx, style) => getProfileDocuments(ctx, studentId, style));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const { data } = page;
  const alertOptions =
    data.documents.length > 0 ? await documentAlertOptions(ctx, page.header.id) : { staffByDocument: {}, groups: [] };
  const base = profileHref(page.header.id, '/documents');
  const fmt = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  const when = (d: Date) => fmt.format(d);
  const uploaded = Number(typeof sp.uploaded === 'string' ? sp.uploaded : NaN);
  return (
    <ProfileFrame header={page.header} current="documents" timeZone={ctx.school.timeZone}>
      <div className="space-y-5">
        <p className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sky-950">
          Files uploaded here can be seen by every member of staff whose group has the “Files” permission and who may
          open this pupil’s record, once they have used their key. They are stored encrypted, and every view and
          download is recorded.
        </p>
        {Number.isInteger(uploaded) && uploaded > 0 ? (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
            {uploaded === 1 ? '1 file uploaded.' : `${uploaded} files uploaded.`}
          </p>
        ) : null}
        <Card title="Add files" id="vault-upload-heading">
          <UploadPanel action={`${base}/upload`} maxFileMb={data.maxFileMb} />
        </Card>
        <section
          aria-labelledby="vault-list-heading"
          className="rounded-2xl border border-slate-200 bg-white shadow-sm"
        >
          <div className="flex flex-wrap items-center justify-between gap-3 px-4 pt-4 sm:px-5">
            <h2 id="vault-list-heading" className="text-lg font-semibold">
              Documents
            </h2>
            {data.documents.length > 0 ? (
              <form id={ZIP_FORM} method="get" action={`${base}/zip`}>
                <button
                  type="submit"
                  className="inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
                >
                  Download selected (.zip)
                </button>
              </form>
            ) : null}
          </div>
          <div className="mt-3">
            {data.documents.length === 0 ? (
              <div className="px-4 pb-4 sm:px-5">
                <Empty>No documents have been added for this pupil yet.</Empty>
              </div>
            ) : (
              <>
                <div className="flex items-center gap-3 border-y border-slate-200 bg-slate-50 px-4 py-2 text-sm font-semibold text-slate-700 sm:grid sm:grid-cols-[2rem_minmax(0,2fr)_6rem_minmax(0,1.2fr)_minmax(0,1.2fr)_8rem] sm:px-5">
                  <SelectAll form={ZIP_FORM} />
                  <span>Name</span>
                  <span className="hidden sm:block">Size</span>
                  <span className="hidden sm:block">Type</span>
                  <span className="hidden sm:block">Uploaded by · source</span>
                  <span className="hidden sm:block">Date</span>
                </div>
                <ul aria-label="Documents, newest first" className="divide-y divide-slate-100">
                  {data.documents.map((d) => (
                    <DocumentRow
                      key={d.id}
                      d={d}
                      base={base}
                      studentId={page.header.id}
                      mayManage={data.mayManage}
                      when={when}
                      alertOptions={alertOptions}
                    />
                  ))}
                </ul>
              </>
            )}
          </div>
        </section>
        {data.mayManage ? (
          <Card title="Deleted files" id="vault-deleted-heading">
            {data.deletedDocuments.length === 0 ? (
              <Empty>No documents of this pupil have been deleted.</Empty>
            ) : (
              <ul aria-label="Deleted files" className="divide-y divide-slate-100">
                {data.deletedDocuments.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                    <div className="min-w-0">
                      <a
                        href={`${base}/${d.id}?download=1`}
                        className="font-medium break-words text-slate-900 underline underline-offset-2"
                      >
                        {d.name}
                      </a>
                      <p className="text-sm break-words text-slate-600">
                        Deleted by {d.deleted!.by}, {when(d.deleted!.at)}: {d.deleted!.reason}
                      </p>
                    </div>
                    <form action={restoreDocumentAction}>
                      <input type="hidden" name="studentId" value={page.header.id} />
                      <input type="hidden" name="documentId" value={d.id} />
                      <button
                        type="submit"
                        className="inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
                      >
                        Restore “{d.name}”
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </ProfileFrame>
  );
}
