import { formatBytes } from '@/app/_components/format-bytes';

/**
 * One file on its way up, as the vault's and library's upload panel and the
 * record forms' attachments show it: its name, a status (or the bytes sent so
 * far), any controls, a progress bar while it is sent and its refusal message.
 * One row, so every upload in Haven reads the same.
 */
export function UploadRow({
  name,
  size,
  sent,
  sending,
  status,
  message,
  children,
}: {
  name: string;
  size: number;
  sent: number;
  /** Shows the progress bar and the bytes sent instead of `status`. */
  sending: boolean;
  status: string;
  message?: string;
  /** Controls beside the status (Remove). */
  children?: React.ReactNode;
}) {
  return (
    <li className="rounded-lg bg-white px-3 py-2 text-sm shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-x-3">
        <span className="min-w-0 font-medium break-words">{name}</span>
        <span className="flex items-center gap-2 text-slate-600">
          {sending ? `${formatBytes(sent)} of ${formatBytes(size)}` : status}
          {children}
        </span>
      </div>
      {sending ? (
        <progress className="mt-1 h-2 w-full" max={size || 1} value={sent} aria-label={`Upload of ${name}`} />
      ) : null}
      {message ? (
        <p role="alert" className="mt-1 text-rose-800">
          {message}
        </p>
      ) : null}
    </li>
  );
}
