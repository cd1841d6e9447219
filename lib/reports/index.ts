/**
 * lib/reports — Reporting: the report engine (a definition → one
 * permission-scoped SQL statement → a result → a renderer) and the Reporting
 * area's reads. definition.ts is the stored shape (zod, versioned);
 * date-range.ts turns quick ranges into days with lib/calendar's rule;
 * incident-query.ts counts in the database under the engine's
 * `incident.report` condition; summary-table.ts lays the counts out;
 * custom-report.ts decides, runs and audits; export.ts and download.ts
 * give the same run, or a saved report's, as a file (render-xlsx.ts,
 * render-pdf.ts, which draws a summary chart with lib/pdf's vector-chart.ts);
 * definition-form.ts writes a definition back as the form's fields. Who may use
 * the area is guard.ts (lib/access `reports.run`). saved-reports.ts keeps
 * definitions under a title (saved-input.ts: the forms' fields and expiry;
 * stored-definition.ts: reading stored versions) and regenerates them as the
 * viewer; client.ts is what the browser's forms may import.
 * give the same run as a file (render-xlsx.ts, render-pdf.ts). chart-data.ts
 * shapes what a chart draws (summary charts, the Graphs and Overview pages);
 * school-figures.ts holds the whole-school counts graphs.ts and overview.ts
 * read. attendance-report.ts is Reporting → Attendance (attendance-figures.ts
 * counts, attendance-shapes.ts lays out); pupil-filters.ts and
 * pupil-filters-sql.ts are the reusable pupil filters (on incident reports
 * too; known-filters.ts checks the Custom report's choices against the
 * school). Reporting on Students: student-query.ts counts pupils,
 * students-report.ts runs it (a table, chart or combined graph),
 * students-export.ts gives it as a file; its listing of pupils is
 * student-listing-query.ts (the same pupils, a batch at a time),
 * student-listing.ts (the cards) and student-listing-report.ts (run and
 * export into the incident listing's writers). Who may use the area
 * is guard.ts (lib/access `reports.run`).
 * The Listing type: listing-query.ts reads the incidents themselves under the
 * same condition and filters, listing.ts makes the cards every renderer draws,
 * hide-names.ts replaces names, listing-report.ts and listing-export.ts run
 * and download it (listing-files.ts: PDF and Excel, for either listing;
 * read-ahead.ts: the downloads' batches); pupil-contacts.ts reads
 * the listed pupils' contacts a batch at a time. The combined graph is a
 * summary's table shaped by chart-data.ts's combinedChartData (columns and
 * lines); report-file.ts is the download's shape both download paths share.
 */
import 'server-only';

export {
  BASIC_DATA_FIELDS,
  BASIC_DATA_LABELS,
  CHART_KIND_LABELS,
  CHART_KINDS,
  GROUPING_LABELS,
  INCIDENT_GROUPINGS,
  LISTING_INCLUDE_LABELS,
  LISTING_INCLUDES,
  QUICK_RANGE_LABELS,
  QUICK_RANGES,
  REPORT_DEFINITION_VERSION,
  reportDefinition,
  type IncidentGrouping,
  type ListingInclude,
  type ReportDefinition,
} from './definition';
export { dayRangeOf, quickRangeDays, type DayRange } from './date-range';
export {
  DEFAULT_VALUES,
  DISPLAY_CHOICES,
  RANGE_CHOICES,
  customReportQuery,
  parseCustomReportQuery,
  type CustomReportErrors,
  type CustomReportField,
  type CustomReportForm,
  type CustomReportValues,
  type DisplayChoice,
  type RangeChoice,
} from './form';
export { ELEVATE_FOR_REPORTS, reportsAccess, requireReports, type ReportsAccess } from './guard';
export {
  getCustomReportPage,
  runReport,
  type CustomReportPage,
  type ReportCategoryOption,
  type ReportRun,
  type ReportStaffOption,
} from './custom-report';
export type { SummaryTable, TableGroup } from './summary-table';
export { LISTING_PAGE, type ListingRun } from './listing-report';
export type { ListingActionCard, ListingCard, ListingContactCard } from './listing';
export type { TextPiece } from './hide-names';
export { rangeText, reportTitle } from './describe';
export { definitionFormValues } from './definition-form';
export { ReportFieldsError, type ExportFormat } from './export';
export {
  downloadReportPdf,
  downloadReportXlsx,
  downloadSavedReportPdf,
  downloadSavedReportXlsx,
  XLSX_TYPE,
  type ReportFile,
} from './download';
export { PDF_PASSWORD_MAX, PDF_PASSWORD_MIN, pdfPassword } from './pdf-password';
export {
  DEFAULT_EXPIRY,
  EXPIRY_CHOICES,
  EXPIRY_LABELS,
  TITLE_MAX,
  expiryFrom,
  publishReportInput,
  reportExpiryInput,
  saveReportInput,
  savedReportRef,
  type ExpiryChoice,
  type SaveReportInput,
} from './saved-input';
export {
  OWNER_ONLY,
  UNREADABLE,
  changeSavedReportExpiry,
  deleteSavedReport,
  getSavedReportToManage,
  listSavedReports,
  publishSavedReport,
  regenerateSavedReport,
  saveReport,
  type RegeneratedReport,
  type SavedReportItem,
} from './saved-reports';
export { readStoredDefinition, storedReportTypeLabel } from './stored-definition';
export type { ChartSeries, ChartSpec } from './chart-data';
export { getOverviewPage, type OverviewAttendee, type OverviewPage } from './overview';
export { GRAPH_IDS, getGraphsPage, type Graph, type GraphId, type GraphsPage } from './graphs';
export {
  CLASS_NOUNS,
  getAttendancePage,
  getClassAttendance,
  type AttendancePage,
  type AttendanceScope,
  type ClassAttendancePage,
  type ClassPupil,
} from './attendance-report';
export type { AttendanceClassRow } from './attendance-shapes';
export {
  AGE_MAX,
  AGE_MIN,
  MATCH_CHOICES,
  MATCH_LABELS,
  MONITORED_CHOICES,
  MONITORED_LABELS,
  SEN_CHOICES,
  SEN_FILTER_LABELS,
  YES_NO_CHOICES,
  YES_NO_LABELS,
  customFilterName,
  pupilFilterQuery,
  type PupilCustomField,
  type PupilFilterErrors,
  type PupilFilterField,
  type PupilFilterValues,
} from './pupil-filters';
export {
  STUDENT_GROUPINGS,
  downloadStudentReportPdf,
  downloadStudentReportXlsx,
  parseStudentReportQuery,
  studentReportInTx,
  type StudentReport,
} from './student-report';
export {
  STUDENT_SUBJECT_GROUPINGS,
  anyReportDefinition,
  type AnyReportDefinition,
  type StudentReportDefinition,
} from './definition';
export type { StudentsRun } from './students-report';
export type { StudentListingRun } from './student-listing-report';
