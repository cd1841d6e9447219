/**
 * lib/settings — a school's settings: one JSON document, validated with
 * defaults (school-settings.ts), and the parts other areas render from it, such
 * as the definitions of the incident, action and student forms (form-definition.ts). Pure, so safe in
 * the browser; the school carries its settings in every request context.
 */
export {
  DEFAULT_SECURITY_MESSAGE,
  readSchoolSettings,
  schoolSettingsSchema,
  type SchoolSettings,
} from './school-settings';
export {
  BUILT_IN_FIELDS,
  BUILT_IN_INCIDENT_FIELDS,
  CUSTOM_FIELD_KINDS,
  DEFAULT_INCIDENT_FORM,
  FORM_KINDS,
  customFieldSchema,
  customFieldsFor,
  customFieldsOf,
  recordFieldLabels,
  defaultForm,
  formSchema,
  incidentFormSchema,
  shownFields,
  type BuiltInField,
  type BuiltInIncidentField,
  type CustomField,
  type CustomFieldKind,
  type FormFieldRef,
  type FormKind,
} from './form-definition';
export {
  customFieldRows,
  customFieldValuesInput,
  customValuesAfterEdit,
  gatherCustomFields,
  validateCustomFields,
  type CustomValues,
} from './custom-values';
