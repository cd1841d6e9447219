'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { sendFile } from '@/app/_components/send-file';
import { UploadRow } from '@/app/_components/upload-row';

type Item = {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: 'waiting' | 'sending' | 'done' | 'refused';
  message?: string;
};

/**
 * Choosing files (click or drag and drop, several at once) and sending them
 * one request each, so each file shows its own progress and succeeds or fails
 * alone with its message. Without script the same form posts all the files
 * to the same address (all or none).
 */
export function UploadPanel({
  action,
  maxFileMb,
  onUploaded,
}: {
  action: string;
  maxFileMb: number;
  /** Told of the files this choice stored (the library offers to alert staff to them). */
  onUploaded?: (files: { id: string; name: string }[]) => void;
}) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);

  const update = (key: string, patch: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function send(file: File, key: string): Promise<string[]> {
    const sent = await sendFile(action, file, (n) => update(key, { state: 'sending', sent: n }));
    update(key, { state: sent.ok ? 'done' : 'refused', sent: file.size, message: sent.ok ? undefined : sent.message });
    return sent.ok ? sent.documentIds : [];
  }

  async function start(files: FileList | File[]) {
    const list = [...files];
    if (list.length === 0 || busy) return;
    const stamp = Date.now();
    const fresh = list.map((f, i) => ({
      key: `${stamp}-${i}`,
      name: f.name,
      size: f.size,
      sent: 0,
      state: 'waiting' as const,
    }));
    setItems((all) => [...fresh, ...all.filter((i) => i.state !== 'done')]);
    setBusy(true);
    // One at a time: a phone on a slow connection finishes files rather than starting them all.
    const stored: { id: string; name: string }[] = [];
    for (const [i, file] of list.entries()) {
      for (const id of await send(file, fresh[i]!.key)) stored.push({ id, name: file.name });
    }
    setBusy(false);
    if (stored.length > 0) onUploaded?.(stored);
    if (input.current) input.current.value = '';
    router.refresh();
  }

  return (
    <form
      action={action}
      method="post"
      encType="multipart/form-data"
      onSubmit={(e) => {
        e.preventDefault();
        if (input.current?.files) void start(input.current.files);
      }}
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
      className={`space-y-3 rounded-xl border-2 border-dashed p-4 ${over ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50'}`}
    >
      <label htmlFor="vault-files" className="block font-medium text-slate-900">
        Files to add
      </label>
      <p id="vault-files-hint" className="text-sm text-slate-600">
        Drop files here, or choose them. Up to {maxFileMb} MB each: PDF, Office and OpenDocument files, Outlook
        messages, pictures, recordings, videos, text, CSV, XML, zip, RAR and 7-Zip.
      </p>
      <input
        ref={input}
        id="vault-files"
        name="files"
        type="file"
        multiple
        aria-describedby="vault-files-hint"
        onChange={(e) => {
          if (e.currentTarget.files?.length) void start(e.currentTarget.files);
        }}
        className="block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-brand-600 file:px-4 file:py-2 file:font-medium file:text-white"
      />
      <noscript>
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white"
        >
          Upload
        </button>
      </noscript>
      {items.length > 0 ? (
        <ul aria-label="Uploads" aria-live="polite" className="space-y-2">
          {items.map((i) => (
            <UploadRow
              key={i.key}
              name={i.name}
              size={i.size}
              sent={i.sent}
              sending={i.state === 'sending'}
              status={i.state === 'done' ? 'Uploaded' : i.state === 'waiting' ? 'Waiting' : 'Not uploaded'}
              message={i.message}
            />
          ))}
        </ul>
      ) : null}
    </form>
  );
}
