import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';

/** A labelled select with its error beneath it, in the same frame as Field (app/_components/form-controls). */
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
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={className}>
      {/* React applies a select's defaultValue only when it mounts; keying on it remounts the
          select when the form comes back with what was submitted, so the choice is kept. */}
      <select
        key={String(select.defaultValue ?? '')}
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
