/** Haven's mark: a shield with a roof line. Decorative; the word beside it is the label. */
export function HavenMark({ className = 'h-7 w-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <path d="M16 2 4 7v8c0 7.2 5.1 13.3 12 15 6.9-1.7 12-7.8 12-15V7L16 2Z" fill="#0f766e" />
      <path d="M9.5 16.5 16 11l6.5 5.5V23h-4.2v-4.3h-4.6V23H9.5v-6.5Z" fill="#fff" />
    </svg>
  );
}

export function HavenWordmark() {
  return (
    <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-brand-900">
      <HavenMark />
      Haven
    </span>
  );
}
