'use client';

/**
 * A fault the person cannot fix. Never the error's own message (it may hold SQL
 * or a stack): a generic sentence and the reference id that the server log has
 * against the detail.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-3 text-slate-600">
          Nothing you saved has been lost. Please try again; if it keeps happening, give this reference to your
          administrator.
        </p>
        {error.digest ? (
          <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-700">
            Reference: {error.digest}
          </p>
        ) : null}
        <button
          type="button"
          onClick={reset}
          className="mt-6 rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
      </div>
    </main>
  );
}
