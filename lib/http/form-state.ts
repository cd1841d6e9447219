/** What every form's server action returns (shared by server actions and client forms). */
export interface FormState {
  values: Record<string, string>;
  fieldErrors: Record<string, string[]>;
  message: string | null;
  /** Set when the action succeeded and the form should show a confirmation. */
  done?: boolean;
}

export const initialFormState: FormState = { values: {}, fieldErrors: {}, message: null };

/** A form that succeeded: emptied, with the confirmation to show. */
export function formDone(message: string | null = null): FormState {
  return { values: {}, fieldErrors: {}, message, done: true };
}

/**
 * Next.js adds fields of its own to a form posted to a server action
 * ($ACTION_ID_…, $ACTION_REF_…, $ACTION_KEY): never the person's input, so
 * the action wrapper and the add-incident draft both leave them out.
 */
export function isFrameworkField(name: string): boolean {
  return name.startsWith('$ACTION');
}
