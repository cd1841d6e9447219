/** What client components need from lib/http: the state every form's action returns, and which fields Next.js adds to a form. Pure. */
export { initialFormState, isFrameworkField, type FormState } from './form-state';
