/**
 * Several documents as one zip, streamed: each entry is decrypted as it is
 * added (stored, not recompressed: most of these files are compressed
 * already), and the zip is pulled by whoever reads it, so at most a chunk of
 * each file is in memory. A document that fails its integrity check stops the
 * zip with an error (the download fails) rather than putting damaged bytes in it.
 */
import 'server-only';
import { Zip, ZipPassThrough } from 'fflate';
import { openDocumentStream, type StoredDocumentRef } from './blob';
import { uniqueEntryNames } from './file-name';

export interface ZipEntrySource extends StoredDocumentRef {
  name: string;
  uploadedAt: Date;
}

export async function* zipDocuments(schoolId: string, docs: readonly ZipEntrySource[]): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else ready.push(chunk);
  });
  const names = uniqueEntryNames(docs.map((d) => d.name));
  function* drain() {
    if (failure) throw failure;
    while (ready.length) yield ready.shift()!;
  }
  for (const [i, doc] of docs.entries()) {
    const plain = await openDocumentStream(schoolId, doc);
    if (!plain) throw new Error(`The stored file of document ${doc.id} is missing`);
    const entry = new ZipPassThrough(names[i]!);
    entry.mtime = doc.uploadedAt;
    zip.add(entry);
    for await (const piece of plain) {
      entry.push(piece as Uint8Array);
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}
