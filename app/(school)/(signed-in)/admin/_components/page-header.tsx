import Link from 'next/link';

/** Title, a line of explanation, and the way back up, for every admin page. */
export function AdminPageHeader({
  title,
  intro,
  back,
  children,
}: {
  title: React.ReactNode;
  intro?: React.ReactNode;
  back?: { href: string; label: string };
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        {back ? (
          <Link href={back.href} className="text-sm text-brand-700 underline underline-offset-2">
            <span aria-hidden="true">← </span>
            {back.label}
          </Link>
        ) : null}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {intro ? <p className="mt-1 max-w-3xl text-slate-600">{intro}</p> : null}
      </div>
      {children ? <div className="flex flex-wrap gap-2">{children}</div> : null}
    </div>
  );
}

export const buttonLink =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700';
export const secondaryLink =
  'inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50';
