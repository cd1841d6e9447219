'use client';

import { useId, useRef, useState } from 'react';
import { formatBytes } from './format-bytes';
import { sendFile } from './send-file';
import { UploadRow } from './upload-row';

/** The address every incident and action form sends its files to (lib/vault/attachments.ts). */
export const ATTACHMENT_UPLOAD_URL = '/incidents/attachments';
/** Sent in place of an id while a file is still on its way: the save then asks the person to wait. */
const UPLOADING = 'uploading';

type Item = {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: 'sending' | 'ready' | 'refused';
  id?: string;
  message?: string;
};

/**
 * Files for an incident or action form: chosen or dropped, several at once,
 * each sent on its own with its progress to the streaming upload route, which
 * keeps it encrypted as a pending document and answers its id. The form
 * submits the ids (`attachmentIds`); the save claims them with the record.
 * Without script the file input is inert (it has no name), so the form saves
 * without files, as the page says.
 */
export function AttachmentField({
  maxFileMb,
  errors,
  share,
  legend = 'Attach files',
}: {
  maxFileMb: number;
  errors?: string[];
  /** The "share with linked pupils" choice, where the record is copied to them. */
  share?: { label: string; hint: string; checked?: boolean };
  legend?: string;
}) {
  const base = useId();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const update = (key: string, patch: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function start(files: FileList | File[]) {
    const list = [...files];
    if (list.length === 0) return;
    const stamp = Date.now();
    const fresh = list.map((f, i) => ({
      key: `${stamp}-${i}`,
      name: f.name,
      size: f.size,
      sent: 0,
      state: 'sending' as const,
    }));
    setItems((all) => [...all.filter((i) => i.state !== 'refused'), ...fresh]);
    if (input.current) input.current.value = '';
    // One at a time: a phone on a slow connection finishes files rather than starting them all.
    for (const [i, file] of list.entries()) {
      const key = fresh[i]!.key;
      const sent = await sendFile(ATTACHMENT_UPLOAD_URL, file, (n) => update(key, { sent: n }));
      update(
        key,
        sent.ok
          ? { state: 'ready', sent: file.size, id: sent.documentIds[0] }
          : { state: 'refused', message: sent.message },
      );
    }
  }

  const value = items
    .filter((i) => i.state !== 'refused')
    .map((i) => (i.state === 'ready' && i.id ? i.id : UPLOADING))
    .join(',');
  const errorId = `${base}-error`;
  return (
    <fieldset
      aria-describedby={`${base}-hint${errors?.length ? ` ${errorId}` : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void start(e.dataTransfer.files);
      }}
      className={`space-y-3 rounded-xl border-2 border-dashed p-4 ${over ? 'border-brand-500 bg-brand-50' : errors?.length ? 'border-rose-400 bg-rose-50' : 'border-slate-300 bg-slate-50'}`}
    >
      <legend className="px-1 text-sm font-medium text-slate-800">{legend}</legend>
      <p id={`${base}-hint`} className="text-sm text-slate-600">
        Drop files here, or choose them. Up to {maxFileMb} MB each: PDF, Office and OpenDocument files, Outlook
        messages, pictures, recordings, videos, text, CSV, XML, zip, RAR and 7-Zip. They are stored encrypted and can be
        read by those who may read this record.
      </p>
      <input type="hidden" name="attachmentIds" value={value} />
      <label htmlFor={`${base}-files`} className="sr-only">
        Files to attach
      </label>
      <input
        ref={input}
        id={`${base}-files`}
        type="file"
        multiple
        onChange={(e) => {
          if (e.currentTarget.files?.length) void start(e.currentTarget.files);
        }}
        className="block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-brand-600 file:px-4 file:py-2 file:font-medium file:text-white"
      />
      <noscript>
        <p className="text-sm text-amber-900">
          Attaching files needs JavaScript. Save without them, then add them on the pupil’s Document vault tab.
        </p>
      </noscript>
      {items.length > 0 ? (
        <ul aria-label="Attached files" aria-live="polite" className="space-y-2">
          {items.map((i) => (
            <UploadRow
              key={i.key}
              name={i.name}
              size={i.size}
              sent={i.sent}
              sending={i.state === 'sending'}
              status={i.state === 'ready' ? `Ready · ${formatBytes(i.size)}` : 'Not attached'}
              message={i.message}
            >
              {i.state !== 'sending' ? (
                <button
                  type="button"
                  onClick={() => setItems((all) => all.filter((x) => x.key !== i.key))}
                  className="min-h-11 rounded-lg px-3 text-brand-800 underline underline-offset-2 hover:bg-slate-100"
                >
                  Remove<span className="sr-only"> {i.name}</span>
                </button>
              ) : null}
            </UploadRow>
          ))}
        </ul>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
      {share ? (
        <label className="flex min-h-11 items-start gap-3 pt-1">
          <input
            type="checkbox"
            name="shareDocuments"
            defaultChecked={share.checked}
            className="mt-0.5 size-5 accent-brand-600"
          />
          <span>
            <span className="font-medium text-slate-900">{share.label}</span>
            <span className="block text-sm text-slate-600">{share.hint}</span>
          </span>
        </label>
      ) : null}
    </fieldset>
  );
}
