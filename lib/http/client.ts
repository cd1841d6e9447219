/** What client components need from lib/http: the state every form's action returns. Pure. */
export { initialFormState, type FormState } from './form-state';
