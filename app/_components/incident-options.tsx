import Link from 'next/link';
import {
  pinIncidentAction,
  restoreIncidentAction,
} from '@/app/(school)/(signed-in)/incidents/[incidentId]/manage-actions';
import type { IncidentView } from '@/lib/incidents';

const link = 'inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium text-brand-800 hover:bg-brand-50';

/**
 * What can be done to an incident, under its card. The links lead to pages
 * that decide again (lib/incidents); here only what the person's group allows
 * is offered.
 */
export function IncidentOptions({
  incident,
  mayEdit,
  open = false,
  mayPlan = false,
}: {
  incident: IncidentView;
  mayEdit: boolean;
  open?: boolean;
  /** The person may use the planner now: "Add to planner" makes an event linked to this incident and its pupil. */
  mayPlan?: boolean;
}) {
  const base = `/incidents/${incident.id}`;
  // A download from a route handler, not a page: a plain link, never prefetched.
  const print = (
    <a href={`${base}/print`} download className={link}>
      Print (PDF)
    </a>
  );
  if (incident.deleted) {
    return mayEdit ? (
      <div className="mt-1 flex flex-wrap gap-1">
        <Link href={`${base}/history`} className={link}>
          View history
        </Link>
        {print}
        <form action={restoreIncidentAction}>
          <input type="hidden" name="incidentId" value={incident.id} />
          <button type="submit" className={link}>
            Restore
          </button>
        </form>
      </div>
    ) : null;
  }
  return (
    <div className="mt-1 flex flex-wrap gap-1" aria-label={`Options for incident #${incident.number}`}>
      {/* From the chronology: the incident's own page, where its actions can be split, deleted or added to linked pupils. */}
      {open ? (
        <Link href={base} className={link}>
          Open
        </Link>
      ) : null}
      <Link href={`${base}/action`} className={link}>
        Add action
      </Link>
      <Link href={`${base}/history`} className={link}>
        History
      </Link>
      {mayPlan ? (
        <Link href={`/planner/new?incident=${incident.id}`} className={link}>
          Add to planner
        </Link>
      ) : null}
      {print}
      {mayEdit ? (
        <>
          <Link href={`${base}/edit`} className={link}>
            Edit
          </Link>
          <Link href={`${base}/merge`} className={link}>
            Merge
          </Link>
          <form action={pinIncidentAction}>
            <input type="hidden" name="incidentId" value={incident.id} />
            <input type="hidden" name="pinned" value={incident.pinned ? '0' : '1'} />
            <button type="submit" className={link}>
              {incident.pinned ? 'Unpin' : 'Pin post'}
            </button>
          </form>
          <Link href={`${base}/delete`} className={`${link} text-rose-800 hover:bg-rose-50`}>
            Delete
          </Link>
        </>
      ) : null}
    </div>
  );
}
