/**
 * The deployment's service-level agreement: an operator uploads a PDF once
 * (a new one replaces it) and every school's Admin → Overview offers it. The
 * type comes from the bytes (a PDF header and end-of-file marker), never the
 * name or the browser's word; at most SLA_MAX_BYTES. The file is
 * envelope-encrypted with a context naming it, stored through lib/storage
 * under `platform/`; the row is written on the privileged path, read by any
 * school as the app role (it may read, never write, `platform_documents`).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { inNoSchool } from '@/db/scoped';
import { platformDocuments } from '@/db/schema';
import { writePlatformAudit } from '@/lib/audit/platform';
import { decryptEnvelope, encryptEnvelope, getKeyProvider } from '@/lib/crypto';
import { UserError } from '@/lib/errors';
import { getStorage } from '@/lib/storage';
import type { RequestMeta } from '@/lib/tenancy/context';
import type { ConsoleOperator } from './console-auth';

export const SLA_MAX_BYTES = 10 * 1024 * 1024;
export const SLA_TOO_BIG = 'The agreement must be a PDF of at most 10 MB.';
export const SLA_NOT_PDF = 'This file is not a PDF. Upload the agreement as a PDF.';

const context = (id: string) => ({ platform: 'sla', platformDocument: id });
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** A PDF by its content: the header at the start and an end-of-file marker in its last kilobyte. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return head === '%PDF-' && tail.includes('%%EOF');
}

/** A name safe to store and to send back in a header: no path, no control or quote characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .trim()
    .slice(0, 120);
  return safe.toLowerCase().endsWith('.pdf') && safe.length > 4 ? safe : 'service-level-agreement.pdf';
}

export async function uploadSla(
  op: ConsoleOperator,
  file: { name: string; bytes: Uint8Array | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  if (!file.bytes || file.bytes.length === 0)
    throw new UserError('Choose the PDF to upload.', { file: ['Choose the PDF to upload.'] });
  if (file.bytes.length > SLA_MAX_BYTES) throw new UserError(SLA_TOO_BIG, { file: [SLA_TOO_BIG] });
  if (!looksLikePdf(file.bytes)) throw new UserError(SLA_NOT_PDF, { file: [SLA_NOT_PDF] });
  const id = randomUUID();
  const env = await encryptEnvelope(getKeyProvider(), file.bytes, context(id));
  const storageKey = `platform/sla/${id}`;
  await getStorage().put(storageKey, env.ciphertext, { contentType: 'application/octet-stream' });
  const name = cleanName(file.name);
  try {
    await privileged('platform-console', 'upload sla', async (tx) => {
      await tx
        .update(platformDocuments)
        .set({ replacedAt: now })
        .where(and(eq(platformDocuments.kind, 'sla'), isNull(platformDocuments.replacedAt)));
      await tx.insert(platformDocuments).values({
        id,
        kind: 'sla',
        originalName: name,
        byteSize: file.bytes!.length,
        storageKey,
        iv: b64(env.iv),
        tag: b64(env.tag),
        wrappedKey: b64(env.wrappedKey),
        keyProvider: env.keyProvider,
        uploadedAt: now,
        uploadedByUserId: op.userId,
      });
      await writePlatformAudit(tx, {
        action: 'sla.uploaded',
        actorUserId: op.userId,
        meta,
        details: { documentId: id, name, bytes: file.bytes!.length },
        at: now,
      });
    });
  } catch (e) {
    await getStorage()
      .delete(storageKey)
      .catch(() => {});
    throw e;
  }
}

export interface SlaInfo {
  id: string;
  name: string;
  byteSize: number;
  uploadedAt: Date;
}

/** The live agreement's details, or null when none was uploaded (read as the app role: any school may). */
export async function currentSla(): Promise<SlaInfo | null> {
  const [row] = await inNoSchool((tx) =>
    tx
      .select({
        id: platformDocuments.id,
        name: platformDocuments.originalName,
        byteSize: platformDocuments.byteSize,
        uploadedAt: platformDocuments.uploadedAt,
      })
      .from(platformDocuments)
      .where(and(eq(platformDocuments.kind, 'sla'), isNull(platformDocuments.replacedAt))),
  );
  return row ?? null;
}

/** The live agreement's bytes, decrypted, or null. Callers decide who may have it. */
export async function readSla(): Promise<{ name: string; bytes: Uint8Array } | null> {
  const [row] = await inNoSchool((tx) =>
    tx
      .select()
      .from(platformDocuments)
      .where(and(eq(platformDocuments.kind, 'sla'), isNull(platformDocuments.replacedAt))),
  );
  if (!row) return null;
  const ciphertext = await getStorage().get(row.storageKey);
  if (!ciphertext) return null;
  const bytes = await decryptEnvelope(
    getKeyProvider(),
    {
      ciphertext: Buffer.from(ciphertext),
      iv: Buffer.from(row.iv, 'base64'),
      tag: Buffer.from(row.tag, 'base64'),
      wrappedKey: Buffer.from(row.wrappedKey, 'base64'),
      keyProvider: row.keyProvider,
    },
    context(row.id),
  );
  return { name: row.originalName, bytes };
}
