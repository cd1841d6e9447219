import Link from 'next/link';
import { ELEVATE_FOR_PUPILS } from '@/lib/students';

/** Shown instead of a pupil's record to a key holder who has not used their key this session. */
export function ElevatePrompt() {
  return (
    <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Pupil record</h1>
      <p className="mt-2 text-slate-600">
        {ELEVATE_FOR_PUPILS} Pupils’ records are only shown once you have used your key in this session.
      </p>
      <Link
        href="/elevate"
        className="mt-4 inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
      >
        Elevate your access
      </Link>
    </section>
  );
}
