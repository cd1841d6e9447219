import { PageShell } from './_components/page-shell';

export const metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <PageShell>
      <div className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-medium text-brand-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold">We couldn’t find that page</h1>
        <p className="mt-3 text-slate-600">
          Check the address you typed. If you were looking for your school, its address is usually given by your
          school’s safeguarding lead.
        </p>
      </div>
    </PageShell>
  );
}
