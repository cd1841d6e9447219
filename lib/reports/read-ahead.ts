/**
 * A download's batches in a fixed order, each read by its ids while the
 * caller writes the one before: the database's time and the file's time
 * overlap instead of adding up. The order is decided once by the caller
 * (ids only); each batch is then read in full. Used by the incident listing
 * and the Students listing alike.
 *
 * Pure module (the reads are the caller's).
 */
export async function* readAhead<T>(
  ids: readonly string[],
  size: number,
  read: (ids: string[]) => Promise<T[]>,
): AsyncGenerator<T[]> {
  const start = (from: number) => {
    if (from >= ids.length) return null;
    const batch = read(ids.slice(from, from + size));
    // Handled at once: a read that fails while the caller is still writing is not an
    // unhandled rejection; the loop's `await` still throws it.
    batch.catch(() => undefined);
    return batch;
  };
  let next = start(0);
  try {
    for (let i = 0; next; i += size) {
      const batch = await next;
      next = start(i + size);
      if (batch.length > 0) yield batch;
    }
  } finally {
    // Stopped early (the caller failed or the download was cancelled): the read in flight
    // finishes before the transaction that runs it ends.
    await next?.catch(() => undefined);
  }
}
