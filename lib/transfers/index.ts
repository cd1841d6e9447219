/**
 * lib/transfers — a pupil's safeguarding file moving between schools.
 * export.ts: "Export for a school without Haven" (the chronology PDF,
 * password-protected, and the documents' zip, recorded); register.ts: the
 * transfer register (sent and received, PDF and Excel).
 */
import 'server-only';

export * from './export';
export * from './register';
