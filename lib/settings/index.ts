/**
 * lib/settings — a school's settings: one JSON document, validated with
 * defaults (school-settings.ts), and the parts other areas render from it, such
 * as the add-incident form's definition (incident-form.ts). Pure, so safe in
 * the browser; the school carries its settings in every request context.
 */
export {
  DEFAULT_SECURITY_MESSAGE,
  readSchoolSettings,
  schoolSettingsSchema,
  type SchoolSettings,
} from './school-settings';
export {
  BUILT_IN_INCIDENT_FIELDS,
  DEFAULT_INCIDENT_FORM,
  incidentFormSchema,
  customFieldsFor,
  customFieldsOf,
  type BuiltInIncidentField,
  type CustomField,
  type FormFieldRef,
} from './incident-form';
