/**
 * lib/transfers — a pupil's safeguarding file moving between schools.
 * export.ts: "Export for a school without Haven" (the chronology PDF,
 * password-protected, and the documents' zip, recorded).
 */
import 'server-only';

export * from './export';
