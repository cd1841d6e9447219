import Link from 'next/link';
import type { IncidentView } from '@/lib/incidents';

/** The way back: the pupil's chronology for someone who may open the pupil, else the incident's own page. */
export function IncidentPageHeading({ incident, title }: { incident: IncidentView; title: string }) {
  const back = incident.mayOpenPupil
    ? `/students/${incident.studentId}/incidents?highlight=${incident.id}#incident-${incident.id}`
    : `/incidents/${incident.id}`;
  return (
    <div>
      <Link href={back} className="text-sm text-brand-700 underline underline-offset-2">
        <span aria-hidden="true">← </span>
        {incident.studentName}
      </Link>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">
        {title} <span className="text-slate-500">· incident #{incident.number}</span>
      </h1>
    </div>
  );
}

export function Refused({ message }: { message: string }) {
  return <p className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950">{message}</p>;
}
