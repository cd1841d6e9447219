/** What every form's server action returns (shared by server actions and client forms). */
export interface FormState {
  values: Record<string, string>;
  fieldErrors: Record<string, string[]>;
  message: string | null;
  /** Set when the action succeeded and the form should show a confirmation. */
  done?: boolean;
}

export const initialFormState: FormState = { values: {}, fieldErrors: {}, message: null };
