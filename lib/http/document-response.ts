/**
 * A stored document as an HTTP response, for the vault's download route and
 * an incident's file route alike: decrypted as it streams (each chunk
 * verified before it is sent, so a damaged file ends the download with an
 * error rather than altered bytes), with lib/vault's download headers.
 * The caller has decided and audited the read.
 */
import 'server-only';
import { Readable } from 'node:stream';
import type { EncryptionContext } from '@/lib/crypto';
import { downloadHeaders, openDocumentStream, type DownloadableDocument } from '@/lib/vault';
import { plainResponse } from './admin-route';

export async function documentResponse(
  request: Request,
  schoolId: string,
  doc: DownloadableDocument,
  /** A library file's key is bound to its own context (lib/library); a vault document's is the default. */
  context?: EncryptionContext,
): Promise<Response> {
  const stream = await openDocumentStream(schoolId, doc, context);
  if (!stream) {
    console.error(`[vault] the stored file of document ${doc.id} is missing`);
    return plainResponse(500, 'This document’s stored file could not be read. Tell your administrator.');
  }
  // `?download=1` downloads a PDF or a picture too, which would otherwise open in the browser.
  const forceDownload = new URL(request.url).searchParams.get('download') === '1';
  stream.on('error', (e) => console.error(`[vault] download of document ${doc.id} failed`, e));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: downloadHeaders(doc, forceDownload),
  });
}
