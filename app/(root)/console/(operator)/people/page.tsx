import { FormMessage } from '@/app/_components/form-controls';
import { UserError } from '@/lib/errors';
import { requireOperator } from '@/lib/http';
import { consoleFindPersonInput, findPersonFromConsole, membershipChoices, type ConsolePerson } from '@/lib/platform';
import { AddMembershipForm, ChangeEmailForm, RemoveKeysForm } from './forms';

export const metadata = { title: 'Haven console: people' };

type Search = { email?: string; done?: string };

const DONE: Record<string, (p: ConsolePerson, detail: string) => string> = {
  added: (p, slug) => {
    const school = p.memberships.find((m) => m.schoolSlug === slug)?.schoolName ?? slug;
    return `${p.email} was added to ${school}. They have been told by email.`;
  },
  email: (p) => `${p.displayName} now signs in as ${p.email} at every school. The old address has been told.`,
  keys: (p) => `Every 2FA device of ${p.displayName} was removed. They have been told by email.`,
};

async function lookUp(email: string): Promise<{ person: ConsolePerson } | { refusal: string }> {
  const { operator, meta } = await requireOperator();
  const parsed = consoleFindPersonInput.safeParse({ email });
  if (!parsed.success) return { refusal: parsed.error.issues[0]?.message ?? 'Give a valid email address.' };
  try {
    return { person: await findPersonFromConsole(operator, parsed.data, meta) };
  } catch (e) {
    if (e instanceof UserError) return { refusal: e.message };
    throw e;
  }
}

/**
 * A person's account, found by address: their memberships (school, user
 * group, active or not) and support's tools for them. Never a pupil's record:
 * nothing about what a school keeps is read here.
 */
export default async function ConsolePeoplePage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireOperator();
  const sp = await searchParams;
  const email = (typeof sp.email === 'string' ? sp.email : '').slice(0, 400);
  const found = email ? await lookUp(email) : null;
  const person = found && 'person' in found ? found.person : null;
  const choices = person ? await membershipChoices() : null;
  const [doneKind = '', doneDetail = ''] = (typeof sp.done === 'string' ? sp.done : '').split(/:(.*)/s);
  const done = person && DONE[doneKind] ? DONE[doneKind](person, doneDetail) : null;
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">People</h1>
        <p className="mt-1 text-sm text-slate-600">
          Find a person’s Haven account by the address they sign in with. You see their schools and user groups, never a
          pupil’s record.
        </p>
      </div>
      <form method="get" action="/console/people" className="flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-64 flex-1">
          <label htmlFor="find-email" className="block text-sm font-medium text-slate-800">
            Email address
          </label>
          <input
            id="find-email"
            name="email"
            type="email"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={email}
            aria-invalid={found && 'refusal' in found ? true : undefined}
            aria-describedby={found && 'refusal' in found ? 'find-email-error' : undefined}
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
          />
        </div>
        <button
          type="submit"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Find
        </button>
      </form>
      {found && 'refusal' in found ? (
        <p id="find-email-error" role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {found.refusal}
        </p>
      ) : null}
      {done ? <FormMessage tone="success" message={done} /> : null}
      {person && choices ? (
        <>
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-lg font-semibold">{person.displayName}</h2>
            <p className="text-sm text-slate-600">{person.email}</p>
            <p className="mt-1 text-sm text-slate-700">
              {person.hasPassword ? 'Has set a password.' : 'Has not set a password yet.'}{' '}
              {person.secondFactors === 0
                ? 'No 2FA devices.'
                : `${person.secondFactors} 2FA device${person.secondFactors === 1 ? '' : 's'}.`}
            </p>
            <h3 className="mt-4 font-medium">Schools</h3>
            {person.memberships.length === 0 ? (
              <p className="text-sm text-slate-600">Not a member of any school.</p>
            ) : (
              <table className="mt-2 w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-200 text-slate-600">
                    <th scope="col" className="py-2 pr-4 font-medium">
                      School
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      User group
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {person.memberships.map((m) => (
                    <tr key={m.schoolId} className="border-b border-slate-100">
                      <td className="py-2 pr-4">
                        {m.schoolName} <span className="text-slate-500">({m.schoolSlug})</span>
                      </td>
                      <td className="py-2 pr-4">{m.group}</td>
                      <td className="py-2">{m.active ? 'Active' : 'Deactivated'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="grid gap-6 lg:grid-cols-2">
            <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="text-lg font-semibold">Add to another school</h2>
              <p className="mb-3 text-sm text-slate-600">
                The same person in two schools: they sign in there with the password and keys they already have.
              </p>
              <AddMembershipForm
                email={person.email}
                schools={choices.schools.filter((s) => !person.memberships.some((m) => m.schoolSlug === s.slug))}
                groups={choices.groups}
              />
            </section>
            <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="text-lg font-semibold">Change the sign-in address</h2>
              <p className="mb-3 text-sm text-slate-600">At every school they belong to.</p>
              <ChangeEmailForm email={person.email} />
            </section>
          </div>
          {person.secondFactors > 0 ? (
            <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="mb-3 text-lg font-semibold">Remove all 2FA devices</h2>
              <RemoveKeysForm email={person.email} name={person.displayName} />
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
