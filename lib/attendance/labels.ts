/** What each meaning is called on the page, and its colours in the calendar. Pure, safe in the browser. */
import type { MarkCategory } from './summary';

export const MARK_CATEGORY_LABELS: Record<MarkCategory, string> = {
  present: 'Present',
  approved_activity: 'Approved educational activity',
  authorised: 'Authorised absence',
  unauthorised: 'Unauthorised absence',
  not_counted: 'Not a possible session',
  unknown: 'Code not recognised',
};

/**
 * Calm, distinct fills with dark text (contrast ≥ 4.5:1); the code itself is
 * printed in every cell, so colour is never the only cue.
 */
export const MARK_CATEGORY_CLASSES: Record<MarkCategory, string> = {
  present: 'bg-emerald-100 text-emerald-950 ring-emerald-300',
  approved_activity: 'bg-sky-100 text-sky-950 ring-sky-300',
  authorised: 'bg-amber-100 text-amber-950 ring-amber-300',
  unauthorised: 'bg-rose-200 text-rose-950 ring-rose-400',
  not_counted: 'bg-slate-100 text-slate-700 ring-slate-300',
  unknown: 'bg-white text-slate-900 ring-slate-400',
};

export const MARK_CATEGORY_ORDER: readonly MarkCategory[] = [
  'present',
  'approved_activity',
  'authorised',
  'unauthorised',
  'not_counted',
];
