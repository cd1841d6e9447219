import Link from 'next/link';
import { PageShell } from '@/app/_components/page-shell';
import { getSchool } from '@/lib/http';

export const metadata = { title: 'Link refused' };

/** Where a school-switching link opened in another browser ends: nobody was signed in. */
export default async function SwitchRefusedPage() {
  const school = await getSchool();
  return (
    <PageShell subtitle={school.name}>
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">This link was not for this browser</h1>
        <p className="mt-3 text-slate-700">
          It moves someone into {school.name} from another school, and it was asked for in a different browser, so it
          has not signed you in. If you followed it from an email, a message or another website, someone may have been
          trying to sign you in to their account: close it.
        </p>
        <p className="mt-3 text-slate-700">
          To move between your schools, use the school switcher at the top of Haven.
        </p>
        <p className="mt-6">
          <Link
            href="/login"
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Sign in to {school.name}
          </Link>
        </p>
      </section>
    </PageShell>
  );
}
