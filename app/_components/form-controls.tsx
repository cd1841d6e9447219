'use client';

import { useFormStatus } from 'react-dom';
import { controlClass, describedBy, FieldFrame } from './field-frame';

export { controlClass, describedBy, FieldFrame };

/** A labelled input with its error beneath it, linked for screen readers. */
export function Field({
  name,
  label,
  hint,
  errors,
  className = '',
  id: givenId,
  ...input
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  className?: string;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  // Two forms on one page may share field names; an explicit id keeps labels pointing at their own input.
  // Taken out of the rest, so an id passed as undefined cannot unset the label's target.
  const id = givenId ?? `field-${name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={className}>
      <input
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
        {...input}
      />
    </FieldFrame>
  );
}

/** Submit button that shows progress and cannot be pressed twice. */
export function SubmitButton({
  children,
  pendingLabel,
  variant = 'primary',
  name,
  value,
}: {
  children: React.ReactNode;
  pendingLabel?: string;
  variant?: 'primary' | 'danger' | 'secondary';
  /** A form with two buttons tells them apart by name and value. */
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const styles = {
    primary: 'bg-brand-600 text-white hover:bg-brand-700',
    danger: 'bg-rose-700 text-white hover:bg-rose-800',
    secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
  }[variant];
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-medium disabled:opacity-60 ${styles}`}
    >
      {pending ? (pendingLabel ?? 'Please wait…') : children}
    </button>
  );
}

/** The form-level message (errors and confirmations), announced to screen readers. */
export function FormMessage({ message, tone = 'error' }: { message: string | null; tone?: 'error' | 'success' }) {
  if (!message) return null;
  return (
    <p
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-lg px-3 py-2 text-sm ${tone === 'error' ? 'bg-rose-50 text-rose-800' : 'bg-emerald-50 text-emerald-900'}`}
    >
      {message}
    </p>
  );
}
