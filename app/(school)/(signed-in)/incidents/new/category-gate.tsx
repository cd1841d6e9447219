'use client';

import { useEffect, useRef, useState } from 'react';
import { CustomFieldInput } from '@/app/_components/custom-field-input';
import type { CustomField } from '@/lib/settings';

/**
 * A custom field tied to categories, shown only while one of them is ticked
 * in the same form's `categoryIds` boxes (or is one of `fixed`: the
 * incident's own categories, on the action form). Hidden, it is a disabled
 * fieldset: what was typed stays in the page for when the category is ticked
 * again, but is not sent, so the server neither stores it nor asks for it
 * when it is required (it applies the same rule, validateCustomFields).
 */
export function CategoryGate({
  categoryIds,
  initial,
  fixed = [],
  children,
}: {
  /** The field's categories; empty means it always applies. */
  categoryIds: readonly string[];
  /** The categories ticked when the form is drawn (before any script runs). */
  initial: readonly string[];
  fixed?: readonly string[];
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLFieldSetElement>(null);
  const applies = (ticked: readonly string[]) =>
    categoryIds.length === 0 || categoryIds.some((c) => ticked.includes(c) || fixed.includes(c));
  const [shown, setShown] = useState(() => applies(initial));
  const key = categoryIds.join(',') + '|' + fixed.join(',');

  useEffect(() => {
    const form = ref.current?.form;
    if (!form || categoryIds.length === 0) return;
    const read = () =>
      [...form.querySelectorAll<HTMLInputElement>('input[name="categoryIds"]')]
        .filter((i) => i.checked)
        .map((i) => i.value);
    // Read after the picker's own handler: unticking a parent unticks its sub-categories.
    const update = () => setTimeout(() => setShown(applies(read())), 0);
    update();
    form.addEventListener('change', update);
    return () => form.removeEventListener('change', update);
    // `key` stands for the two lists, which arrive as new arrays on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <fieldset ref={ref} disabled={!shown} hidden={!shown} className="min-w-0">
      {children}
    </fieldset>
  );
}

/**
 * A custom field with its advice message, shown while it applies to the
 * ticked categories (CategoryGate). `ticked` is what the form is drawn with;
 * `fixed` categories always count (the incident's own, on the action form).
 */
export function CustomFieldBlock({
  field,
  advice,
  value,
  errors,
  ticked,
  fixed,
}: {
  field: CustomField;
  advice: string;
  value: string;
  errors?: string[];
  ticked: readonly string[];
  fixed?: readonly string[];
}) {
  return (
    <CategoryGate categoryIds={field.categoryIds} initial={ticked} fixed={fixed}>
      <CustomFieldInput field={field} value={value} errors={errors} />
      {advice ? <p className="mt-1 text-sm text-slate-600">{advice}</p> : null}
    </CategoryGate>
  );
}
