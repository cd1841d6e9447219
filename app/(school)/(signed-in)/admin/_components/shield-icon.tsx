/**
 * The key-holder mark: a shield with a key hole. Labelled "Key holder" for
 * screen readers, except where the sentence beside it already says so.
 */
export function ShieldIcon({
  className = 'h-4 w-4',
  decorative = false,
}: {
  className?: string;
  decorative?: boolean;
}) {
  return (
    <svg
      viewBox="0 0 20 20"
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : 'Key holder'}
      aria-hidden={decorative ? true : undefined}
      className={`inline-block shrink-0 text-emerald-700 ${className}`}
    >
      {decorative ? null : <title>Key holder</title>}
      <path fill="currentColor" d="M10 1.5 3 4.3v5.2c0 4.3 3 7.9 7 9 4-1.1 7-4.7 7-9V4.3L10 1.5Z" />
      <path fill="#fff" d="M10 6.2a1.9 1.9 0 0 0-.8 3.6V13h1.6V9.8A1.9 1.9 0 0 0 10 6.2Z" />
    </svg>
  );
}
