import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';

/** A select of fixed choices, keyed on its value so a reload shows what was submitted. */
export function Choice({
  id,
  name,
  label,
  value,
  errors,
  options,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  errors?: string[];
  options: readonly (readonly [string, string])[];
  hint?: string;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <select
        key={value}
        id={id}
        name={name}
        defaultValue={value}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
      >
        {/* A value no option has (a forged address) is shown as typed, so its message makes sense. */}
        {options.some(([v]) => v === value) ? null : <option value={value}>{value}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
