/**
 * Something an area above incidents saves together with a new incident or
 * action, in the record's own transaction (lib/planner's "Add to planner"):
 * refused, the record is not saved either. Its input joins the submission's,
 * so a resend of the same form repeats neither, and a resend that changed it
 * is told the first version stands.
 */
import type { Tx } from '@/db/scoped';

export interface SavedRecord {
  incidentId: string;
  /** Set when the record is an action on the incident. */
  actionId: string | null;
  /** The incident's number, as its pupil's copy shows it. */
  number: number;
  /** The pupils whose copies the save wrote, the incident's own pupil first. */
  studentIds: string[];
}

export interface AlsoSave {
  input: Record<string, unknown>;
  run: (tx: Tx, saved: SavedRecord) => Promise<void>;
}

/** What the submission's key is checked against: the record's input, and what is saved with it when there is. */
export const withAlso = <T extends object>(data: T, also: AlsoSave | undefined): T =>
  also ? { ...data, alsoSave: also.input } : data;
