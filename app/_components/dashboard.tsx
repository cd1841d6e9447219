import Link from 'next/link';
import { keyStatus } from '@/lib/access';
import { adminAccess } from '@/lib/admin';
import { getNameStyle } from '@/lib/http';
import { importHealth } from '@/lib/mis';
import {
  finderCapabilities,
  listCategoryOptions,
  listGroupOptions,
  listStudents,
  searchStudents,
  type FinderCapabilities,
} from '@/lib/students';
import type { UserCtx } from '@/lib/tenancy';
import { DashboardRecords } from './dashboard-records';
import { ImportHealthBadge } from './pupils/import-health';
import { PupilList } from './pupils/pupil-list';
import { toPupilRows } from './pupils/pupil-row';
import { QuickSearch } from './pupils/quick-search';
import { StudentFilters } from './pupils/student-filters';
import { SupportAnswersNotice } from './support-answers-notice';
import { TransfersDashboardCard } from './transfers-dashboard-card';
import { UnassignedClassesForAdmin } from './unassigned-classes-notice';

export interface DashboardSearch {
  q: string;
  archived: boolean;
}

/** How many monitored pupils the dashboard shows before "See all". */
const DASHBOARD_MONITORED = 15;

/**
 * The first page after sign-in. A key holder using their key finds pupils
 * here; everyone else sees what they can do and how to use their key.
 */
export async function Dashboard({ ctx, search }: { ctx: UserCtx; search: DashboardSearch }) {
  const caps = await finderCapabilities(ctx);
  if (caps.access === 'allowed') return <KeyHolderDashboard ctx={ctx} caps={caps} search={search} />;
  return <Welcome ctx={ctx} />;
}

const firstNameOf = (displayName: string) => displayName.split(' ')[0] ?? displayName;

function Welcome({ ctx }: { ctx: UserCtx }) {
  const { user } = ctx;
  const key = keyStatus(user);
  return (
    <div className="space-y-6">
      <UnassignedClassesForAdmin ctx={ctx} />
      <SupportAnswersNotice ctx={ctx} />
      <TransfersDashboardCard ctx={ctx} />
      <h1 className="text-2xl font-semibold tracking-tight">Hello, {firstNameOf(user.displayName)}</h1>
      <section aria-labelledby="mode-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="mode-heading" className="text-lg font-semibold">
          {key.inUse ? 'You are using your key' : 'You are signed in without a key'}
        </h2>
        <p className="mt-1 text-slate-600">
          {key.inUse
            ? `Your ${user.userGroupName} access is open for this session. Sign out when you leave this device.`
            : key.opensMore
              ? !key.needsKeyAdded
                ? 'You can record concerns. To see pupils’ records, elevate your access with your key.'
                : 'You can record concerns. To see pupils’ records you need a key: add an authenticator app first.'
              : 'You can record concerns about pupils. Your safeguarding team follows them up.'}
        </p>
        <div className="mt-4 flex flex-wrap gap-3">
          {key.keyAtHand ? (
            <Link
              href="/elevate"
              className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Elevate your access
            </Link>
          ) : null}
          {key.needsKeyAdded ? (
            <Link
              href="/account/security"
              className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Add a key
            </Link>
          ) : null}
        </div>
      </section>
      <DashboardRecords ctx={ctx} />
    </div>
  );
}

async function KeyHolderDashboard({
  ctx,
  caps,
  search,
}: {
  ctx: UserCtx;
  caps: FinderCapabilities;
  search: DashboardSearch;
}) {
  const style = await getNameStyle(ctx);
  const includeArchived = caps.mayIncludeArchived && search.archived;
  const query = search.q.trim();
  const [health, results, monitored, groups, categories] = await Promise.all([
    importHealth(ctx),
    query ? searchStudents(ctx, query, { includeArchived }) : null,
    listStudents(ctx),
    listGroupOptions(ctx),
    listCategoryOptions(ctx),
  ]);
  const monitoredRows = toPupilRows(monitored.items.slice(0, DASHBOARD_MONITORED), style);
  return (
    <div className="space-y-6">
      <UnassignedClassesForAdmin ctx={ctx} />
      <SupportAnswersNotice ctx={ctx} />
      <TransfersDashboardCard ctx={ctx} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Hello, {firstNameOf(ctx.user.displayName)}</h1>
          <p className="mt-1 text-slate-600">
            Using your key as {ctx.user.userGroupName}. Sign out when you leave this device.
          </p>
        </div>
        <ImportHealthBadge
          health={health}
          timeZone={ctx.school.timeZone}
          adminHref={adminAccess(ctx) === 'allowed' ? '/admin/imports' : null}
        />
      </div>

      <DashboardRecords ctx={ctx} />

      <section className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <QuickSearch query={query} includeArchived={includeArchived} offerArchived={caps.mayIncludeArchived} />
        {results ? (
          <div className="mt-5 space-y-2" id="search-results">
            <h2 className="text-base font-semibold text-slate-900" aria-live="polite">
              {results.items.length === 0
                ? `No pupils match “${query}”`
                : `${results.items.length}${results.truncated ? '+' : ''} ${results.items.length === 1 ? 'pupil matches' : 'pupils match'} “${query}”`}
            </h2>
            <PupilList
              rows={toPupilRows(results.items, style)}
              label={`Pupils matching ${query}`}
              empty="Check the spelling, or try part of a name."
            />
            {results.truncated ? (
              <p className="text-sm text-slate-600">
                Only the first {results.items.length} are shown: type more of the name to narrow it.
              </p>
            ) : null}
          </div>
        ) : null}
      </section>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <aside
          aria-labelledby="filters-heading"
          className="h-fit rounded-2xl border border-slate-200 bg-white p-4 shadow-sm lg:col-start-2 lg:row-start-1"
        >
          <h2 id="filters-heading" className="mb-3 text-lg font-semibold">
            Class and category lists
          </h2>
          <StudentFilters
            layout="stacked"
            groupKind={groups.kind}
            groups={groups.groups}
            categories={categories}
            offerArchived={caps.mayIncludeArchived}
          />
        </aside>
        <section aria-labelledby="monitored-heading" className="min-w-0 space-y-3 lg:col-start-1 lg:row-start-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <h2 id="monitored-heading" className="text-lg font-semibold">
              Monitored students <span className="font-normal text-slate-600">({monitored.total})</span>
            </h2>
            <Link href="/students" className="text-sm font-medium text-brand-700 underline underline-offset-2">
              {caps.mayUpdateCategories ? 'Update categories' : 'Open the list'}
            </Link>
          </div>
          <PupilList
            rows={monitoredRows}
            label="Monitored students"
            empty="Nobody is monitored in the categories you can see. Choose a group to open its class register."
          />
          {monitored.total > monitoredRows.length ? (
            <Link
              href="/students"
              className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2"
            >
              See all {monitored.total} monitored students
            </Link>
          ) : null}
        </section>
      </div>
    </div>
  );
}
