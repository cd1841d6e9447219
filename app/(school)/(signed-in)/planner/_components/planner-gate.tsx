import Link from 'next/link';
import { PLANNER_NEEDS_KEY, type PlannerAccess } from '@/lib/planner';

/** What a planner page shows someone who may not use it now: the way to their key, or why not. */
export function PlannerGate({ access, schoolName }: { access: Exclude<PlannerAccess, 'allowed'>; schoolName: string }) {
  return (
    <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Planner</h1>
      {access === 'needs_elevation' ? (
        <>
          <p className="mt-2 text-slate-600">
            {PLANNER_NEEDS_KEY} The planner holds case reviews about pupils, so it needs your key every session.
          </p>
          <Link
            href="/elevate"
            className="mt-4 inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Elevate your access
          </Link>
        </>
      ) : (
        <p className="mt-2 text-slate-600">
          Your user group does not include the planner in {schoolName}. Ask your safeguarding lead if you need it.
        </p>
      )}
    </section>
  );
}
