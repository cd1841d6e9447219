import Link from 'next/link';
import { myAnsweredSupportRequests } from '@/lib/support';
import type { UserCtx } from '@/lib/tenancy';

/** On the dashboard: the person's own support requests that Haven support has answered (until closed). */
export async function SupportAnswersNotice({ ctx }: { ctx: UserCtx }) {
  const answered = await myAnsweredSupportRequests(ctx);
  if (answered.length === 0) return null;
  return (
    <section
      aria-labelledby="support-answers-heading"
      className="rounded-2xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-950"
    >
      <h2 id="support-answers-heading" className="font-semibold">
        Haven support has answered you
      </h2>
      <ul className="mt-1 space-y-1">
        {answered.map((r) => (
          <li key={r.id}>
            <Link href={`/support/${r.id}`} className="underline underline-offset-2">
              #{r.number} {r.subject}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
