'use client';

import { useState } from 'react';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import { PDF_PASSWORD_MAX, PDF_PASSWORD_MIN, pdfPassword } from '@/lib/reports/client';

const buttonClass =
  'inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-50';

/**
 * "Download Excel" and "Download PDF" for the report on screen (the Custom
 * report's, or a regenerated saved report's). Each names its report (the
 * Custom report's own fields, or the saved report's address), so the file is
 * counted afresh, under the same permissions, as the page was. The PDF goes
 * by POST so its password is never in an address; the password's rule is
 * checked here with the route's own schema (and by the browser without
 * JavaScript), its message beside the field, and what was typed kept.
 */
export function ReportDownloads({
  base,
  fields = [],
}: {
  /** Where the report's files are: `${base}/excel` and `${base}/pdf`. */
  base: string;
  /** The Custom report's fields, sent with each download. */
  fields?: readonly (readonly [string, string])[];
}) {
  const [errors, setErrors] = useState<string[] | undefined>();
  const query = new URLSearchParams(fields as [string, string][]).toString();
  const id = 'report-pdf-password';
  const hint = `Optional. At least ${PDF_PASSWORD_MIN} characters; the PDF will not open without it. Send it separately from the file.`;
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
      <a href={query ? `${base}/excel?${query}` : `${base}/excel`} className={`${buttonClass} self-start`}>
        Download Excel
      </a>
      <form
        method="post"
        action={`${base}/pdf`}
        encType="multipart/form-data"
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          const typed = new FormData(e.currentTarget).get('pdfPassword');
          const checked = pdfPassword.safeParse(typeof typed === 'string' ? typed : '');
          if (checked.success) return setErrors(undefined);
          e.preventDefault();
          setErrors(checked.error.issues.map((i) => i.message));
        }}
      >
        {fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <FieldFrame id={id} label="PDF password" hint={hint} errors={errors} className="sm:w-80">
          <input
            id={id}
            name="pdfPassword"
            type="password"
            autoComplete="new-password"
            minLength={PDF_PASSWORD_MIN}
            maxLength={PDF_PASSWORD_MAX}
            pattern="[^\-].*"
            title={`At least ${PDF_PASSWORD_MIN} characters, not starting with -`}
            // The browser checks minlength and pattern before the form submits; its own bubble
            // gives way to the schema's message beside the field.
            onInvalid={(e) => {
              e.preventDefault();
              const checked = pdfPassword.safeParse(e.currentTarget.value);
              setErrors(
                checked.success ? [e.currentTarget.validationMessage] : checked.error.issues.map((i) => i.message),
              );
            }}
            onInput={() => setErrors(undefined)}
            aria-invalid={errors ? true : undefined}
            aria-describedby={describedBy(id, hint, errors)}
            className={controlClass(errors)}
          />
        </FieldFrame>
        <button type="submit" className={`${buttonClass} self-start sm:self-end`}>
          Download PDF
        </button>
      </form>
    </div>
  );
}
