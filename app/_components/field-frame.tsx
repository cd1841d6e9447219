/**
 * What every form field shares: label, hint, control and error, linked for
 * screen readers. A plain module (no 'use client'), so server components such
 * as the admin filters and client forms use the same frame.
 */

/** The ids a control points at: its hint and its error, for screen readers. */
export function describedBy(id: string, hint?: string, errors?: string[]): string | undefined {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The look of a text input, select or textarea, red when it has an error. */
export function controlClass(errors?: string[]): string {
  return `mt-1 block w-full rounded-lg border bg-white px-3 py-2.5 text-base shadow-sm ${
    errors?.length ? 'border-rose-600' : 'border-slate-300 focus:border-brand-600'
  }`;
}

/** Label, hint, the control, and its error beneath it: the frame every field shares. */
export function FieldFrame({
  id,
  label,
  hint,
  errors,
  className = '',
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
