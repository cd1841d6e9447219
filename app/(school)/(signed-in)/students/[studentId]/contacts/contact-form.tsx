'use client';

import { useActionState } from 'react';
import { controlClass, describedBy, FieldFrame, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import type { ContactView } from '@/lib/profile';
import { saveContactAction } from './actions';

/** Adds a contact by hand, or edits one (`contact`). Ids are per form, so several can share a page. */
export function ContactForm({ studentId, contact }: { studentId: string; contact?: ContactView }) {
  const [state, action] = useActionState(saveContactAction, initialFormState);
  const keepBlank = !contact && state.done;
  const v = (name: string, fallback: string | null | undefined) =>
    keepBlank ? '' : state.done ? (fallback ?? '') : (state.values[name] ?? fallback ?? '');
  const prefix = contact ? `c-${contact.id.slice(0, 8)}-` : 'new-';
  const field = (name: string) => ({ name, id: `${prefix}${name}` });
  const noteId = `field-${prefix}note`;
  return (
    // A successful add empties the form for the next contact.
    <form key={keepBlank ? 'blank' : 'form'} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="studentId" value={studentId} />
      {contact ? <input type="hidden" name="contactId" value={contact.id} /> : null}
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <div className="grid gap-4 sm:grid-cols-2">
        <ScopedField
          {...field('forename')}
          label="First name"
          autoComplete="off"
          defaultValue={v('forename', contact?.forename)}
          errors={state.fieldErrors.forename}
        />
        <ScopedField
          {...field('surname')}
          label="Last name"
          autoComplete="off"
          defaultValue={v('surname', contact?.surname)}
          errors={state.fieldErrors.surname}
        />
        <ScopedField
          {...field('relationship')}
          label="Role or relationship"
          hint="For example social worker, school nurse, aunt."
          autoComplete="off"
          defaultValue={v('relationship', contact?.relationship)}
          errors={state.fieldErrors.relationship}
        />
        <ScopedField
          {...field('organisation')}
          label="Organisation"
          autoComplete="off"
          defaultValue={v('organisation', contact?.organisation)}
          errors={state.fieldErrors.organisation}
        />
        <ScopedField
          {...field('phone')}
          label="Phone"
          type="tel"
          autoComplete="off"
          defaultValue={v('phone', contact?.phone)}
          errors={state.fieldErrors.phone}
        />
        <ScopedField
          {...field('email')}
          label="Email"
          type="email"
          autoComplete="off"
          defaultValue={v('email', contact?.email)}
          errors={state.fieldErrors.email}
        />
      </div>
      <FieldFrame id={noteId} label="Note" errors={state.fieldErrors.note}>
        <textarea
          id={noteId}
          name="note"
          rows={2}
          defaultValue={v('note', contact?.note)}
          aria-invalid={state.fieldErrors.note?.length ? true : undefined}
          aria-describedby={describedBy(noteId, undefined, state.fieldErrors.note)}
          className={controlClass(state.fieldErrors.note)}
        />
      </FieldFrame>
      <SubmitButton pendingLabel="Saving…">{contact ? 'Save contact' : 'Add contact'}</SubmitButton>
    </form>
  );
}

/** Field takes its id from its name; several contact forms on one page need their own ids. */
function ScopedField({
  id,
  name,
  label,
  hint,
  errors,
  ...input
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
} & React.InputHTMLAttributes<HTMLInputElement>) {
  const fid = `field-${id}`;
  return (
    <FieldFrame id={fid} label={label} hint={hint} errors={errors}>
      <input
        id={fid}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fid, hint, errors)}
        className={controlClass(errors)}
        {...input}
      />
    </FieldFrame>
  );
}
