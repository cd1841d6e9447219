/**
 * A definition back as the Custom report form's fields, for "Open in custom
 * report" on a saved report: the form opens filled in with what was saved,
 * to be changed and run or saved again. parseCustomReportQuery (./form.ts)
 * reads these fields back into the same definition.
 *
 * Pure module.
 */
import {
  BASIC_DATA_FIELDS,
  LISTING_INCLUDES,
  type AnyReportDefinition,
  type IncidentFilters,
  type ReportDefinition,
} from './definition';
import { DEFAULT_VALUES, STUDENTS_DEFAULT_GROUPING, type CustomReportValues } from './form';
import { PUPIL_FILTER_DEFAULTS, pupilFilterValues } from './pupil-filters';

/** The incident filters a Students report without "with incidents matching" leaves at the form's defaults. */
const DEFAULT_INCIDENT_FILTERS: IncidentFilters = {
  dates: { kind: 'quick', range: 'this-academic-year' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};

export function definitionFormValues(definition: AnyReportDefinition): CustomReportValues {
  if (definition.subject === 'students') {
    const { pupils, incidents } = definition.filters;
    const { report } = definition;
    // A Students report has an incident report's shape: the same fields carry it (a listing's
    // includes are some of the incident listing's, and it hides no staff).
    const asIncidents: ReportDefinition = {
      version: definition.version,
      subject: 'incidents',
      filters: incidents ?? DEFAULT_INCIDENT_FILTERS,
      report:
        report.type === 'listing'
          ? {
              ...report,
              include: { ...report.include, incidents: false, actions: false },
              hideStaffNames: false,
            }
          : report,
    };
    const values = incidentFormValues(asIncidents);
    return {
      ...values,
      // A listing has no groupings: the form keeps a pupil grouping for a change of type.
      primary: report.type === 'listing' ? STUDENTS_DEFAULT_GROUPING : values.primary,
      pupils: pupilFilterValues(pupils),
      subject: 'students',
      withIncidents: incidents ? 'matching' : '',
    };
  }
  return incidentFormValues(definition);
}

function incidentFormValues(definition: ReportDefinition): CustomReportValues {
  const { filters, report } = definition;
  const dates = filters.dates;
  const chart = report.type === 'summary-chart' ? report : null;
  const listing = report.type === 'listing' ? report : null;
  const combined = report.type === 'combined-graph' ? report : null;
  const groups = report.type === 'listing' ? null : report;
  return {
    range: dates.kind === 'quick' ? dates.range : dates.kind,
    from: dates.kind === 'between' ? (dates.from ?? '') : '',
    to: dates.kind === 'between' ? (dates.to ?? '') : '',
    category: [...filters.categories.ids],
    categoryMatch: filters.categories.match,
    word: [...(filters.words?.list ?? [])],
    wordMatch: filters.words?.match ?? DEFAULT_VALUES.wordMatch,
    status: filters.status,
    // The form picks one member of staff (and one assignee), and saved definitions come from the form.
    recordedBy: filters.recordedBy.ids[0] ?? '',
    recordedByMode: filters.recordedBy.mode,
    assignedTo: filters.assignedTo?.ids[0] ?? (filters.assignedTo?.unassigned ? 'unassigned' : ''),
    agency: [...(filters.agencies?.ids ?? [])],
    linked: filters.includeLinked === false ? 'exclude' : 'include',
    // A listing has no groupings: the form keeps its defaults for a change of type.
    primary: groups ? groups.primary.by : DEFAULT_VALUES.primary,
    secondary: groups ? (groups.secondary?.by ?? '') : DEFAULT_VALUES.secondary,
    display: listing ? 'listing' : chart ? chart.chart : combined ? 'combined' : 'table',
    values: chart ? chart.values : combined ? combined.values : DEFAULT_VALUES.values,
    series: chart ? chart.series : DEFAULT_VALUES.series,
    include: listing ? LISTING_INCLUDES.filter((k) => listing.include[k]) : [...DEFAULT_VALUES.include],
    hideStudents: listing?.hideStudentNames ? '1' : '',
    hideStaff: listing?.hideStaffNames ? '1' : '',
    basicField: [...(listing?.basicDataFields ?? BASIC_DATA_FIELDS)],
    basicFieldsOffered: '1',
    pupils: filters.pupils ? pupilFilterValues(filters.pupils) : PUPIL_FILTER_DEFAULTS,
    incidentFields: Object.fromEntries(Object.entries(filters.customFields ?? {}).map(([id, o]) => [id, [...o]])),
    subject: 'incidents',
    withIncidents: '',
  };
}
