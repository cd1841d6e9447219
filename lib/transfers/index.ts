/**
 * lib/transfers — a pupil's child protection file following them to their
 * new school when both schools use Haven (issue 17). copy.ts: what is copied
 * on authorise, and the preview of it.
 */
import 'server-only';

export * from './copy';
