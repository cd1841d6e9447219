'use client';

import { useEffect, useRef, useState } from 'react';
import { clearDraft, formValues, hasContent, readDraft, saveDraft, type DraftValues } from './draft';

/**
 * The device draft of one record form (add incident, add action): restores
 * what was typed and not saved when the form opens, saves on every change,
 * and forgets it once the record is saved. The form re-mounts (`key`) with the
 * restored values, because its fields take them as defaults.
 *
 * It also holds the form's submission key (a hidden `submissionKey` field,
 * lib/idempotency): made on the device when a form starts empty, and saved in
 * the draft with everything else, so sending the form again — after a dropped
 * connection, or from the kept draft after a crash — is recognised as the same
 * submission and saves nothing twice. A saved record clears the draft, so the
 * next form gets a new key.
 */
export function useDraft(key: string, saved: boolean) {
  const [restored, setRestored] = useState<DraftValues | null>(null);
  const [generation, setGeneration] = useState(0);
  const [freshKey, setFreshKey] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  // Read after hydration: the server cannot see the device's storage.
  useEffect(() => {
    const timer = setTimeout(() => {
      const draft = readDraft(key);
      if (draft && hasContent(draft)) {
        setRestored(draft);
        setGeneration((g) => g + 1);
      }
      setFreshKey(crypto.randomUUID());
    }, 0);
    return () => clearTimeout(timer);
  }, [key]);

  useEffect(() => {
    if (saved) clearDraft(key);
  }, [saved, key]);

  // A form with nothing typed leaves nothing on the device.
  const save = () => {
    if (!formRef.current) return;
    const values = formValues(formRef.current);
    if (hasContent(values)) saveDraft(key, values);
    else clearDraft(key);
  };
  const discard = () => {
    clearDraft(key);
    setRestored(null);
    setFreshKey(crypto.randomUUID());
    setGeneration((g) => g + 1);
  };
  /** Props for the <form>: its ref and the events that save (and `generation` is its key). */
  const formProps = { ref: formRef, onInput: save, onChange: save, onClick: () => setTimeout(save, 0) };
  /** The key of a restored draft (a draft saved before keys existed has none), else this form's own. */
  const submissionKey = restored?.submissionKey || freshKey;
  return { restored, discard, generation, formProps, submissionKey };
}

/** The hidden field carrying the submission key; `sent` is the key a refused submit came back with. */
export function SubmissionKeyInput({ current, sent }: { current: string; sent?: string }) {
  return <input type="hidden" name="submissionKey" value={sent || current} />;
}

/** Says a draft came back, with a way to start again. */
export function DraftNotice({ onDiscard }: { onDiscard: () => void }) {
  return (
    <p role="status" className="rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900">
      We kept what you typed last time on this device. Carry on, or{' '}
      <button type="button" className="font-medium underline underline-offset-2" onClick={onDiscard}>
        start again
      </button>
      .
    </p>
  );
}

/**
 * Forgets a draft on the page a saved record leads to: the forms redirect on
 * success, so they never see that they were saved. With `studentId`, only a
 * draft about that pupil is forgotten (an unscoped add-incident draft may be
 * about someone else and must survive).
 */
export function ClearDraft({ draftKey, studentId }: { draftKey: string; studentId?: string }) {
  useEffect(() => {
    if (studentId === undefined || readDraft(draftKey)?.studentId === studentId) clearDraft(draftKey);
  }, [draftKey, studentId]);
  return null;
}
