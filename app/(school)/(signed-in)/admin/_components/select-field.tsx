/** A labelled select with its error beneath it, matching Field in app/_components/form-controls. */
export function SelectField({
  name,
  label,
  options,
  errors,
  hint,
  className = '',
  placeholder,
  ...select
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  errors?: string[];
  hint?: string;
  className?: string;
  /** A first, empty choice ("Choose…"). */
  placeholder?: string;
} & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const id = select.id ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
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
      {/* React applies a select's defaultValue only when it mounts; keying on it remounts the
          select when the form comes back with what was submitted, so the choice is kept. */}
      <select
        key={String(select.defaultValue ?? '')}
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 block w-full rounded-lg border bg-white px-3 py-2.5 text-base shadow-sm ${
          errors?.length ? 'border-rose-600' : 'border-slate-300 focus:border-brand-600'
        }`}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
