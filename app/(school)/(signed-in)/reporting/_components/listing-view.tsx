/**
 * A Listing report in the enquiry view: one card per incident, oldest first,
 * stacked so it reads on a 360 px phone (no wide table). With hidden names,
 * words of the text that are some other pupil's name are highlighted, so the
 * person can correct the record before producing the PDF. Only the first
 * LISTING_PAGE incidents are shown; the downloads hold them all. A Students
 * listing is drawn the same way, a card per pupil in name order.
 */
import {
  rangeText,
  LISTING_PAGE,
  type ListingCard,
  type ListingContactCard,
  type ListingRun,
  type StudentListingRun,
  type TextPiece,
} from '@/lib/reports';

function Pieces({ pieces }: { pieces: readonly TextPiece[] }) {
  return (
    <p className="mt-2 break-words whitespace-pre-wrap text-slate-900">
      {pieces.map((p, i) =>
        p.marked ? (
          <mark key={i} className="rounded bg-amber-200 px-0.5 text-slate-900" title="Possibly another pupil’s name">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

function Fields({ rows }: { rows: readonly (readonly [string, string])[] }) {
  if (rows.length === 0) return null;
  return (
    <dl className="mt-2 grid grid-cols-[minmax(0,8.5rem)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
      {rows.map(([label, value], i) => (
        <div key={i} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="break-words whitespace-pre-line text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Contacts({ contacts }: { contacts: readonly ListingContactCard[] }) {
  return (
    <div className="mt-3 border-t border-slate-100 pt-2">
      <h4 className="text-sm font-semibold text-slate-800">Contacts</h4>
      {contacts.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">None recorded that you may see.</p>
      ) : (
        <ul className="mt-1 space-y-2">
          {contacts.map((c, i) => (
            <li key={i} className="border-l-2 border-slate-200 pl-3">
              <p className="text-sm font-medium text-slate-800">{c.name}</p>
              <Fields rows={c.fields} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface Words {
  title: string;
  intro: string;
  more: (shown: number) => string;
  none: string;
  list: string;
  item: (c: ListingCard) => string;
}

/** What a listing of pupils says where an incident listing speaks of incidents. */
function pupilWords(run: StudentListingRun): Words {
  const { total } = run;
  return {
    title: 'Pupil listing',
    intro: `${
      run.definition.filters.incidents
        ? `Pupils with at least one incident ${rangeText(run.days)} matching the incident filters`
        : 'Pupils matching the pupil filters'
    }, ordered by name. ${total === 1 ? 'One pupil' : `${total} pupils`} in all. Only pupils you may see are listed${
      run.definition.filters.incidents ? ', and only incidents you may see count' : ''
    }.`,
    more: (shown: number) =>
      `Showing the first ${shown} of ${total} pupils. The PDF and Excel downloads hold all ${total}.`,
    none: 'No pupils you can see match these filters.',
    list: `Pupils (first ${Math.min(total, LISTING_PAGE)})`,
    item: (c) => c.heading,
  };
}

export function ListingView({ run, children }: { run: ListingRun | StudentListingRun; children?: React.ReactNode }) {
  if (run.definition.subject === 'students')
    return (
      <Listing run={run} words={pupilWords(run as StudentListingRun)}>
        {children}
      </Listing>
    );
  const { total } = run;
  const incidents: Words = {
    title: 'Incident listing',
    intro: `Incidents ${rangeText(run.days)}, in the school’s time zone, oldest first. ${
      total === 1 ? 'One incident' : `${total} incidents`
    } in all. Only incidents you may see are listed; deleted incidents and actions are not.`,
    more: (shown: number) =>
      `Showing the first ${shown} of ${total} incidents. The PDF and Excel downloads hold all ${total}.`,
    none: 'No incidents you can see match these filters.',
    list: `Incidents (first ${Math.min(total, LISTING_PAGE)})`,
    item: (c) => `Incident ${c.number}`,
  };
  return (
    <Listing run={run} words={incidents}>
      {children}
    </Listing>
  );
}

function Listing({
  run,
  words,
  children,
}: {
  run: ListingRun | StudentListingRun;
  words: Words;
  children?: React.ReactNode;
}) {
  const { total, cards } = run;
  const { hideStudentNames } = run.definition.report;
  const marked = cards.some((c) =>
    [c.text ?? [], ...c.actions.map((a) => a.text)].some((t) => t.some((p) => p.marked)),
  );
  return (
    <section
      id="report-result"
      aria-labelledby="report-result-heading"
      className="min-w-0 scroll-mt-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id="report-result-heading" className="text-lg font-semibold">
        {words.title}
      </h2>
      <p className="mt-1 text-slate-600">{words.intro}</p>
      {total > cards.length ? (
        <p role="status" className="mt-2 rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {words.more(cards.length)}
        </p>
      ) : null}
      {hideStudentNames && marked ? (
        <p role="alert" className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Highlighted words are names of other pupils at the school and are not hidden. Check them, and correct the
          records if needed, before you produce the PDF.
        </p>
      ) : null}
      {cards.length === 0 ? (
        <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
          {words.none}
        </p>
      ) : (
        <ol className="mt-4 space-y-3" aria-label={words.list}>
          {cards.map((c) => (
            <li key={c.id} className="rounded-xl border border-slate-200 p-3 sm:p-4">
              <article aria-label={words.item(c)}>
                <h3 className="font-semibold text-slate-900">{c.heading}</h3>
                {c.pupil ? <p className="font-medium text-slate-800">{c.pupil}</p> : null}
                <Fields rows={c.fields} />
                {c.contacts ? <Contacts contacts={c.contacts} /> : null}
                {c.text ? <Pieces pieces={c.text} /> : null}
                {c.actions.length > 0 ? (
                  <div className="mt-3 border-t border-slate-100 pt-2">
                    <h4 className="text-sm font-semibold text-slate-800">
                      {c.actions.length === 1 ? '1 action' : `${c.actions.length} actions`}
                    </h4>
                    <ol className="mt-1 space-y-2">
                      {c.actions.map((a, i) => (
                        <li key={i} className="border-l-2 border-slate-200 pl-3">
                          <p className="text-sm font-medium text-slate-700">{a.heading}</p>
                          <Fields rows={a.fields} />
                          <Pieces pieces={a.text} />
                        </li>
                      ))}
                    </ol>
                  </div>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      )}
      {children}
    </section>
  );
}
