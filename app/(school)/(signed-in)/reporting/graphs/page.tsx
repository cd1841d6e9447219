import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { getGraphsPage, reportsAccess, type Graph } from '@/lib/reports';
import { ChartFrame } from '../_components/chart-frame';
import { ChartTable } from '../_components/chart-table';
import { ReportingGate } from '../_components/reporting-gate';

export const metadata = { title: 'Graphs' };

const GROUP_HEADINGS: Record<Graph['id'], string> = {
  'incidents-by-category': 'Category',
  'incidents-by-month': 'Month',
  monitored: 'Category',
  sen: 'SEN status',
  ethnicity: 'Ethnicity',
  religion: 'Religion',
  'absences-by-class': 'Tutor group',
  'unauthorised-absences': 'Month',
};

function GraphCard({ graph }: { graph: Graph }) {
  const heading = `graph-${graph.id}`;
  return (
    <section
      id={graph.id}
      aria-labelledby={heading}
      className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id={heading} className="text-lg font-semibold">
        {graph.title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{graph.about}</p>
      {graph.empty ? (
        <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
          Nothing you can see to count yet.
        </p>
      ) : (
        <>
          <div className="mt-3">
            <ChartFrame spec={graph.spec} title={graph.title} />
          </div>
          <details className="mt-3">
            <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">Show data</summary>
            <ChartTable spec={graph.spec} caption={graph.title} groupHeading={GROUP_HEADINGS[graph.id]} />
          </details>
        </>
      )}
    </section>
  );
}

export default async function GraphsPage() {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const page = await getGraphsPage(ctx);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Graphs</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          This academic year ({page.year.name}) and pupils on roll now, counting only the records you may see. Hover or
          tap a chart for its values; “Image” gives a picture to save.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {page.graphs.map((g) => (
          <GraphCard key={g.id} graph={g} />
        ))}
      </div>
    </div>
  );
}
