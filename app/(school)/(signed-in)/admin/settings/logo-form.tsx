'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { removeLogoAction } from './actions';

const NO_SCRIPT_MESSAGES: Record<string, { text: string; ok: boolean }> = {
  saved: { text: 'Logo saved. It shows on the sign-in page and on printed documents.', ok: true },
  refused: { text: 'The logo was refused: choose a PNG or JPEG image of at most 512 KB.', ok: false },
};

/** The logo as stored with its Remove button, or a line saying there is none (or that it was just removed). */
function StoredLogo({ logoId, onRemove }: { logoId: string | null; onRemove: () => void }) {
  const [removeState, remove] = useActionState(removeLogoAction, initialFormState);
  return logoId ? (
    <div className="flex flex-wrap items-center gap-4">
      {/* eslint-disable-next-line @next/next/no-img-element -- served by the school's own route, never optimised */}
      <img
        src={`/school-logo?v=${logoId}`}
        alt="The school’s logo as stored"
        className="max-h-20 max-w-60 rounded border border-slate-200 bg-white object-contain p-1"
      />
      <form action={remove} onSubmit={onRemove}>
        <FormMessage message={removeState.message} tone={removeState.done ? 'success' : 'error'} />
        <SubmitButton variant="secondary" pendingLabel="Removing…">
          Remove logo
        </SubmitButton>
      </form>
    </div>
  ) : (
    <p className="text-sm text-slate-600">
      {removeState.done ? removeState.message : 'No logo yet: the sign-in page and documents show the name only.'}
    </p>
  );
}

/**
 * The school's logo: shown as stored, replaced by uploading an image (posted
 * to the logo route: server actions carry text only), or removed. With
 * JavaScript the page stays put and says what happened by the field; without,
 * the route redirects back with the outcome (`?logo=`).
 */
export function LogoForm({ logoId, outcome }: { logoId: string | null; outcome?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(
    outcome ? (NO_SCRIPT_MESSAGES[outcome] ?? null) : null,
  );

  async function upload(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = e.currentTarget;
    const input = form.elements.namedItem('logo') as HTMLInputElement;
    if (!input.files || input.files.length === 0) {
      setMessage({ text: 'Choose a PNG or JPEG image to upload.', ok: false });
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
      const body = (await res.json().catch(() => ({}))) as { ok?: boolean; message?: string };
      setMessage({ text: body.message ?? `The upload was refused (${res.status}).`, ok: body.ok === true });
      if (body.ok) {
        form.reset();
        router.refresh();
      }
    } catch {
      setMessage({ text: 'The upload did not reach Haven. Check your connection and try again.', ok: false });
    }
    setPending(false);
  }

  const error = message && !message.ok;
  return (
    <div className="space-y-4">
      {/* Keyed by the logo so a removal's outcome is not shown beside the next logo; the upload's own
          message lives outside it and survives the refresh that brings the new logo in. */}
      <StoredLogo key={logoId ?? 'none'} logoId={logoId} onRemove={() => setMessage(null)} />
      <form
        action="/admin/settings/logo"
        method="post"
        encType="multipart/form-data"
        onSubmit={upload}
        className="space-y-3"
        aria-busy={pending}
      >
        <div>
          <label htmlFor="field-logo" className="block font-medium text-slate-900">
            {logoId ? 'Replace the logo' : 'Upload a logo'}
          </label>
          <p id="field-logo-hint" className="text-sm text-slate-600">
            Shown on the sign-in page and at the top of every printed document. A PNG or JPEG, at most 512 KB and 4000
            pixels a side.
          </p>
          <input
            id="field-logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg"
            aria-describedby={error ? 'field-logo-hint field-logo-error' : 'field-logo-hint'}
            aria-invalid={error ? true : undefined}
            className="mt-2 block w-full text-sm text-slate-700 file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          />
          {message ? (
            <p
              id={message.ok ? undefined : 'field-logo-error'}
              role={message.ok ? 'status' : 'alert'}
              className={`mt-2 text-sm font-medium ${message.ok ? 'text-emerald-800' : 'text-red-700'}`}
            >
              {message.text}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
        >
          {pending ? 'Uploading…' : 'Upload logo'}
        </button>
      </form>
    </div>
  );
}
