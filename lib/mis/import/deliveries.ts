/**
 * Where an MIS connector delivers: `imports/<slug>/<folder>/<files>` in the
 * deployment's storage, one folder per extract. The job takes the newest
 * folder (by its newest file, then by name) once its files have stopped
 * arriving for `settleMs`, so a folder still being uploaded is left for the
 * next run rather than imported half-written.
 */
import type { BlobStore } from '@/lib/storage';

export const DEFAULT_SETTLE_MS = 60_000;

export function deliveryPrefix(slug: string): string {
  return `imports/${slug}/`;
}

/** The storage prefix of the newest settled bundle folder (`imports/<slug>/<folder>`), or null. */
export async function newestDeliveredBundle(
  store: BlobStore,
  slug: string,
  now: Date,
  settleMs = DEFAULT_SETTLE_MS,
): Promise<string | null> {
  const prefix = deliveryPrefix(slug);
  const folders = new Map<string, number>();
  for (const o of await store.list(prefix)) {
    const rest = o.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) continue; // a file straight under imports/<slug>/ is not a bundle
    const folder = rest.slice(0, slash);
    folders.set(folder, Math.max(folders.get(folder) ?? 0, o.lastModified.getTime()));
  }
  let best: { folder: string; at: number } | null = null;
  for (const [folder, at] of folders) {
    if (!best || at > best.at || (at === best.at && folder > best.folder)) best = { folder, at };
  }
  if (!best || now.getTime() - best.at < settleMs) return null;
  return `${prefix}${best.folder}`;
}
