/**
 * A small multipart upload read whole, but never more than `maxBytes` of it:
 * the declared length is checked first, and the body is counted as it
 * arrives (a chunked body declares none), so an oversized upload is refused
 * without being held in memory.
 */
import 'server-only';

export type LimitedForm = { ok: true; form: FormData } | { ok: false; reason: 'too-large' | 'not-a-form' };

export async function readLimitedForm(request: Request, maxBytes: number): Promise<LimitedForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) return { ok: false, reason: 'not-a-form' };
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' };
  if (!request.body) return { ok: false, reason: 'not-a-form' };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  try {
    const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, reason: 'not-a-form' };
  }
}
