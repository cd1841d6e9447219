'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';

type Errors = Partial<Record<'title' | 'image', string[]>>;

/**
 * A new map: a title and a JPEG or PNG. Posted to the upload route (files do
 * not go through server actions here); the answer's problems are shown next
 * to their fields, and the title stays as typed. Without JavaScript the form
 * posts and the route answers with the page or the reason.
 */
export function MapUploadForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const el = e.currentTarget;
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(el.action, {
        method: 'POST',
        body: new FormData(el),
        headers: { accept: 'application/json' },
      });
      const body = (await res.json().catch(() => ({}))) as { mapId?: string; message?: string; fieldErrors?: Errors };
      if (res.ok && body.mapId) {
        el.reset();
        setErrors({});
        router.push('/admin/maps?done=added');
        router.refresh();
      } else {
        setErrors(body.fieldErrors ?? {});
        setMessage(body.message ?? `The upload was refused (${res.status}).`);
        const first = body.fieldErrors?.title ? 'map-title' : body.fieldErrors?.image ? 'map-image' : null;
        if (first) document.getElementById(first)?.focus();
      }
    } catch {
      setMessage('The upload did not reach Haven. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form
      action="/admin/maps/upload"
      method="post"
      encType="multipart/form-data"
      onSubmit={submit}
      className="space-y-4"
      aria-busy={pending}
      noValidate
    >
      {message ? (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm font-medium text-rose-900">
          {message}
        </p>
      ) : null}
      <FieldFrame
        id="map-title"
        label="Title"
        hint="As staff will see it, for example “Playground” or “Minibus”."
        errors={errors.title}
      >
        <input
          id="map-title"
          name="title"
          maxLength={80}
          required
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy('map-title', 'hint', errors.title)}
          className={controlClass(errors.title)}
        />
      </FieldFrame>
      <FieldFrame id="map-image" label="Picture" hint="A JPEG or PNG of at most 2 MB." errors={errors.image}>
        <input
          id="map-image"
          name="image"
          type="file"
          accept="image/png,image/jpeg"
          required
          aria-invalid={errors.image ? true : undefined}
          aria-describedby={describedBy('map-image', 'hint', errors.image)}
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:font-medium file:text-slate-800 hover:file:bg-slate-50"
        />
      </FieldFrame>
      <button
        type="submit"
        disabled={pending}
        className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? 'Uploading…' : 'Upload map'}
      </button>
    </form>
  );
}
