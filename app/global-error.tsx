'use client';

/** Last resort when the root layout itself failed: same rule, no detail shown. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en-GB">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '3rem 1rem', maxWidth: 560, margin: '0 auto' }}>
        <h1>Something went wrong</h1>
        <p>Please try again. If it keeps happening, give this reference to your administrator.</p>
        {error.digest ? <p style={{ fontFamily: 'monospace' }}>Reference: {error.digest}</p> : null}
      </body>
    </html>
  );
}
