import Link from 'next/link';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import { dateInZone } from '@/lib/time';
import { getProfileAudit, type AuditEventView, type ProfileAudit } from '@/lib/profile';
import { Card, Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { profileHref } from '../_components/tabs';

export const metadata = { title: 'Audit' };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The filters as a GET form: a view of the log can be bookmarked, and the form works without JavaScript. */
function Filters({ data, action, today }: { data: ProfileAudit; action: string; today: string }) {
  const { values, fieldErrors: errors } = data;
  const filtered = Boolean(values.person || values.from || values.to);
  return (
    <form
      method="get"
      action={action}
      className="grid gap-3 sm:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start"
    >
      <FieldFrame id="audit-person" label="Person" errors={errors.person}>
        {/* Keyed on the value so the choice survives a reload with what was submitted. */}
        <select
          key={values.person}
          id="audit-person"
          name="person"
          defaultValue={values.person}
          aria-invalid={errors.person ? true : undefined}
          aria-describedby={describedBy('audit-person', undefined, errors.person)}
          className={controlClass(errors.person)}
        >
          <option value="">Everyone</option>
          {data.people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.name}
            </option>
          ))}
        </select>
      </FieldFrame>
      {(['from', 'to'] as const).map((f) => (
        <FieldFrame key={f} id={`audit-${f}`} label={f === 'from' ? 'From' : 'To'} errors={errors[f]}>
          <input
            id={`audit-${f}`}
            name={f}
            type="date"
            min="2000-01-01"
            max={f === 'from' ? today : undefined}
            defaultValue={values[f]}
            aria-invalid={errors[f] ? true : undefined}
            aria-describedby={describedBy(`audit-${f}`, undefined, errors[f])}
            className={controlClass(errors[f])}
          />
        </FieldFrame>
      ))}
      <div className="flex items-center gap-3 sm:pt-6">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Show
        </button>
        {filtered ? (
          <Link href={action} className="text-sm text-brand-700 underline underline-offset-2">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

/**
 * One event: a sentence (a link when the record may be opened), then who,
 * when and from where — two lines on a phone, the columns of a table at a desk.
 */
function EventRow({ e, formatTime }: { e: AuditEventView; formatTime: (d: Date) => string }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5 px-4 py-2.5 text-sm text-slate-600 sm:grid sm:grid-cols-[10.5rem_11rem_minmax(0,1fr)_8.5rem] sm:gap-x-4 sm:px-5 sm:text-base sm:text-slate-700">
      <p className="basis-full text-base font-medium text-slate-900 sm:order-3 sm:basis-auto">
        {e.href ? (
          <Link href={e.href} className="text-brand-800 underline underline-offset-2">
            {e.what}
          </Link>
        ) : (
          e.what
        )}
      </p>
      <p className="text-slate-800 sm:order-2 sm:text-slate-900">{e.who}</p>
      <span aria-hidden="true" className="text-slate-400 sm:hidden">
        ·
      </span>
      <p className="sm:order-1">
        <time dateTime={e.at.toISOString()}>{formatTime(e.at)}</time>
      </p>
      <p className="sm:order-4">
        <span className="sm:sr-only">from </span>
        <span className="font-mono text-xs sm:text-sm">{e.ip ?? 'unknown address'}</span>
      </p>
    </li>
  );
}

export default async function AuditTab({ params, searchParams }: ProfileParams & { searchParams: Promise<Search> }) {
  const { studentId } = await params;
  const sp = await searchParams;
  const query = { person: first(sp.person), from: first(sp.from), to: first(sp.to), before: first(sp.before) };
  const loaded = await loadProfileTab((ctx, style) => getProfileAudit(ctx, studentId, style, query));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const { data } = page;
  const base = profileHref(page.header.id, '/audit');
  const keep = new URLSearchParams(Object.entries(data.values).filter(([, v]) => v !== ''));
  const fmt = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  const filtered = Boolean(data.values.person || data.values.from || data.values.to);
  const invalid = Object.values(data.fieldErrors).some((e) => e?.length);
  return (
    <ProfileFrame header={page.header} current="audit" timeZone={ctx.school.timeZone}>
      <div className="space-y-5">
        <Card title="Filter" id="audit-filter-heading">
          <Filters data={data} action={base} today={dateInZone(ctx.school.timeZone)} />
        </Card>
        <section aria-labelledby="audit-log-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pt-4 sm:px-5">
            <h2 id="audit-log-heading" className="text-lg font-semibold">
              Views and changes
            </h2>
            <p className="text-sm text-slate-600">Newest first · times in the school’s time zone</p>
          </div>
          <div className="mt-3">
            {invalid ? (
              <div className="px-4 pb-4 sm:px-5">
                <Empty>Correct the highlighted filters to see the log.</Empty>
              </div>
            ) : data.events.length === 0 ? (
              <div className="px-4 pb-4 sm:px-5">
                <Empty>
                  {filtered || data.paged
                    ? 'Nothing you can see matches these filters.'
                    : 'Nothing you can see has been recorded about this pupil yet.'}
                </Empty>
              </div>
            ) : (
              <>
                <div
                  aria-hidden="true"
                  className="hidden border-y border-slate-200 bg-slate-50 px-5 py-2 text-sm font-semibold text-slate-700 sm:grid sm:grid-cols-[10.5rem_11rem_minmax(0,1fr)_8.5rem] sm:gap-x-4"
                >
                  <span>When</span>
                  <span>Who</span>
                  <span>What</span>
                  <span>From</span>
                </div>
                <ol
                  aria-label="Views and changes, newest first"
                  className="divide-y divide-slate-100 border-t border-slate-100 sm:border-t-0"
                >
                  {data.events.map((e) => (
                    <EventRow key={e.id} e={e} formatTime={(d) => fmt.format(d)} />
                  ))}
                </ol>
              </>
            )}
          </div>
          {data.nextBefore || data.paged ? (
            <div className="flex flex-wrap gap-4 border-t border-slate-100 px-4 py-3 text-sm sm:px-5">
              {data.paged ? (
                <Link
                  href={keep.size ? `${base}?${keep}` : base}
                  className="text-brand-700 underline underline-offset-2"
                >
                  Newest entries
                </Link>
              ) : null}
              {data.nextBefore ? (
                <Link
                  href={`${base}?${new URLSearchParams([...keep, ['before', data.nextBefore]])}`}
                  className="text-brand-700 underline underline-offset-2"
                >
                  Older entries
                </Link>
              ) : null}
            </div>
          ) : null}
        </section>
      </div>
    </ProfileFrame>
  );
}
