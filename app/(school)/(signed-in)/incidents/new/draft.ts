/**
 * Drafts kept on the device: what was typed into a record form, saved as the
 * person types and restored when the form opens again, until the record is
 * saved. A dropped connection, an expired session or a closed tab never loses
 * a disclosure. Keyed by person, so another account on a shared device does
 * not see it; nothing leaves the device.
 */
import { isFrameworkField } from '@/lib/http/client';

export type DraftValues = Record<string, string>;

const PREFIX = 'haven-draft:';

export function draftKey(kind: string, userId: string, scope: string): string {
  return `${PREFIX}${kind}:${userId}:${scope}`;
}

/** The add-action form's draft, per person and incident. */
export const actionDraftKey = (userId: string, incidentId: string) => draftKey('add-action', userId, incidentId);

export function readDraft(key: string): DraftValues | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { values?: DraftValues };
    return parsed.values && typeof parsed.values === 'object' ? parsed.values : null;
  } catch {
    return null;
  }
}

/**
 * The form's fields as one value each (repeated names joined with commas, like
 * the server reads them). Fields in a hidden fieldset — a custom field whose
 * category was unticked (CategoryGate) — are disabled and so not sent, but
 * what was typed in them is kept too: ticking the category again, even after
 * the tab was closed, brings it back.
 */
export function formValues(form: HTMLFormElement): DraftValues {
  const out: DraftValues = {};
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    if (isFrameworkField(key)) continue;
    out[key] = data
      .getAll(key)
      .filter((v): v is string => typeof v === 'string')
      .join(',');
  }
  const hidden = new Map<string, string[]>();
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) {
      continue;
    }
    if (!el.name || isFrameworkField(el.name) || el.name in out || !el.closest('fieldset[disabled]')) continue;
    const values = hidden.get(el.name) ?? [];
    if (el instanceof HTMLSelectElement) values.push(...Array.from(el.selectedOptions, (o) => o.value));
    else if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.checked) values.push(el.value);
    } else values.push(el.value);
    hidden.set(el.name, values);
  }
  for (const [name, values] of hidden) if (values.some((v) => v !== '')) out[name] = values.join(',');
  return out;
}

export function saveDraft(key: string, values: DraftValues): void {
  try {
    window.localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values }));
  } catch {
    // Storage full or disabled: the form still works, only the safety net is missing.
  }
}

export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* nothing to clear */
  }
}

/** Whether a draft holds anything worth restoring (more than the defaults a fresh form has). */
export function hasContent(values: DraftValues): boolean {
  return Boolean(
    values.text?.trim() ||
    values.categoryIds ||
    (values.linked && values.linked !== '[]') ||
    (values.markers && values.markers !== '[]'),
  );
}
