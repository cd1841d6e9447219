import Link from 'next/link';

/** The green "+" beside a pupil: add an incident about them, with the pupil already chosen. */
export function AddIncidentLink({ studentId, name }: { studentId: string; name: string }) {
  return (
    <Link
      href={`/incidents/new?student=${studentId}`}
      aria-label={`Add an incident for ${name}`}
      title="Add an incident"
      className="relative z-10 inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-emerald-700 text-2xl leading-none font-semibold text-white hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-800"
    >
      <span aria-hidden="true">+</span>
    </Link>
  );
}
