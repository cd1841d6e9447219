'use client';

import { useActionState } from 'react';
import { controlClass, describedBy, Field, FieldFrame, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/form-state';
import { saveSettingsAction } from './actions';

export function SettingsForm({ idleTimeoutMinutes, securityMessage, domains }: { idleTimeoutMinutes: number; securityMessage: string; domains: string[] }) {
  const [state, action] = useActionState(saveSettingsAction, initialFormState);
  const v = (name: string, fallback: string) => (state.done ? fallback : (state.values[name] ?? fallback));
  const messageErrors = state.fieldErrors.securityMessage;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <Field
        name="idleTimeoutMinutes"
        label="Blank the screen after (minutes without use)"
        hint="The page is covered after this long without a tap or key; a tap brings it back as it was. Signed-in sessions end on the server after two hours without use."
        inputMode="numeric"
        className="max-w-xs"
        defaultValue={v('idleTimeoutMinutes', String(idleTimeoutMinutes))}
        errors={state.fieldErrors.idleTimeoutMinutes}
      />
      <FieldFrame id="field-securityMessage" label="Security message" hint="Shown to staff at the top of every page." errors={messageErrors}>
        <textarea
          id="field-securityMessage"
          name="securityMessage"
          rows={2}
          maxLength={300}
          aria-describedby={describedBy('field-securityMessage', 'hint', messageErrors)}
          aria-invalid={messageErrors?.length ? true : undefined}
          defaultValue={v('securityMessage', securityMessage)}
          className={controlClass(messageErrors)}
        />
      </FieldFrame>
      <Field
        name="emailDomainWhitelist"
        label="Staff email domains"
        hint="When set, new users’ and changed addresses must be at one of these domains (separate with commas). Leave empty to allow any."
        autoComplete="off"
        defaultValue={v('emailDomainWhitelist', domains.join(', '))}
        errors={state.fieldErrors.emailDomainWhitelist}
      />
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}
