'use client';

import { useRef } from 'react';
import { FieldFrame, describedBy } from '@/app/_components/form-controls';

/**
 * The category's colour, with "copy category colour": choosing another
 * category fills the colour in, so related categories can match. The copy
 * list has no name, so it is never submitted; the colour field is.
 */
export function ColourField({
  defaultValue,
  errors,
  copyFrom,
  id = 'field-colour',
}: {
  defaultValue: string;
  errors?: string[];
  copyFrom: readonly { id: string; name: string; colour: string }[];
  id?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const hint = 'The background of the category’s label everywhere; the text colour follows it.';
  return (
    <div className="space-y-3">
      <FieldFrame id={id} label="Colour" hint={hint} errors={errors}>
        <input
          ref={input}
          id={id}
          name="colour"
          type="color"
          // Keyed so a refused save shows the colour that was submitted.
          key={defaultValue}
          defaultValue={defaultValue}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, hint, errors)}
          className="block h-11 w-24 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
        />
      </FieldFrame>
      {copyFrom.length > 0 ? (
        <div>
          <label htmlFor={`${id}-copy`} className="block text-sm font-medium text-slate-800">
            Copy category colour
          </label>
          <select
            id={`${id}-copy`}
            defaultValue=""
            onChange={(e) => {
              const colour = copyFrom.find((c) => c.id === e.target.value)?.colour;
              if (colour && input.current) input.current.value = colour;
            }}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base shadow-sm"
          >
            <option value="">Choose a category…</option>
            {copyFrom.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
