/**
 * The benchmark's document vault: encrypt+store and load+decrypt of a 20 MB
 * file through the same code the upload and download routes use (the type
 * check, the size count, chunked encryption, the blob store's streams). The
 * file is generated as it is sent, never held whole, so the heap and RSS
 * growth measured is the pipeline's own (goal: under 64 MB).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { openDocumentStream, type StoredBlob } from '@/lib/vault/blob';
import { storeDocumentBlob } from '@/lib/vault/blob';

const FILE_BYTES = 20 * 1024 * 1024;
const PIECE = 64 * 1024;

type Measure = (
  name: string,
  runs: number,
  fn: () => Promise<number | null>,
  note?: string,
) => Promise<{ note?: string }>;

/** A 20 MB "PDF" sent in 64 KB pieces, made as it is read (the same random piece repeated). */
function twentyMegabytePdf(): Readable {
  const piece = randomBytes(PIECE);
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        const head = Buffer.concat([Buffer.from('%PDF-1.7\n'), piece.subarray(9)]);
        sent += head.length;
        this.push(head);
      } else if (sent >= FILE_BYTES) this.push(null);
      else {
        const n = Math.min(PIECE, FILE_BYTES - sent);
        sent += n;
        this.push(piece.subarray(0, n));
      }
    },
  });
}

/** Runs `fn` while sampling RSS; returns its result and the largest growth over the start, in MB. */
async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: Math.round(((peak - start) / 1024 / 1024) * 10) / 10 };
  } finally {
    clearInterval(timer);
  }
}

export async function vaultCases(schoolId: string, measure: Measure): Promise<void> {
  let last: StoredBlob | null = null;
  let storePeak = 0;
  let loadPeak = 0;
  await measure('vault: encrypt+store a 20 MB file', 5, async () => {
    const { value, peakMb } = await withPeakMemory(() =>
      storeDocumentBlob(schoolId, randomUUID(), 'bench.pdf', twentyMegabytePdf(), 50 * 1024 * 1024),
    );
    last = value;
    storePeak = Math.max(storePeak, peakMb);
    return value.size;
  });
  const stored = last as StoredBlob | null;
  if (!stored) throw new Error('nothing stored');
  const ref = {
    id: stored.documentId,
    storageKey: stored.storageKey,
    cipherVersion: stored.key.version,
    chunkBytes: stored.key.chunkBytes,
    wrappedKey: stored.key.wrappedKey.toString('base64'),
    keyProvider: stored.key.keyProvider,
  };
  await measure('vault: load+decrypt a 20 MB file', 5, async () => {
    const { value, peakMb } = await withPeakMemory(async () => {
      const stream = await openDocumentStream(schoolId, ref);
      let n = 0;
      for await (const c of stream!) n += (c as Buffer).length;
      return n;
    });
    loadPeak = Math.max(loadPeak, peakMb);
    if (value !== FILE_BYTES) throw new Error(`decrypted ${value} bytes, expected ${FILE_BYTES}`);
    return value;
  });
  console.log(`  vault: peak RSS growth ${storePeak} MB storing, ${loadPeak} MB loading (goal: under 64 MB)`);
}
