/**
 * POST /api/v1/concerns: a product writes a concern into one pupil's
 * chronology. Machine to machine: no cookies, no Origin; the token in the
 * Authorization header is the only credential. The school is the request's
 * host (lib/http/concerns-route.ts) and the token must be one of that school's
 * live integrations: another school's token is not found under the school's
 * row-level security, so it is refused like an unknown one. Write-only:
 * nothing here returns a record, only the incident's number.
 *
 * Order: a token in the address is refused (400) before anything else; the
 * body is read up to MAX_BODY_BYTES (413); then, in one transaction, the token
 * (401), the rate limit per token (429), the body's JSON and fields (400), the
 * pupil (422), the product's reference (the same reference again: 200 with the
 * first incident's number), and the incident (201).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { incidents, integrationConcerns, integrations, students } from '@/db/schema';
import { createExternalIncident } from '@/lib/incidents/external';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, rateRule, recordHits } from '@/lib/rate-limit';
import type { Ctx } from '@/lib/tenancy/context';
import { concernInput, type ConcernInput } from './schema';
import { bearerToken, TOKEN_PREFIX, tokenIdOf, tokenMatches } from './token';

export { MAX_BODY_BYTES } from './limits';
import { MAX_BODY_BYTES } from './limits';

/** 600 requests a minute from one token go through; beyond that each must wait, the wait doubling up to a minute. */
export const INTEGRATION_RULE = rateRule({ free: 600, windowSeconds: 60, baseDelaySeconds: 1, maxDelaySeconds: 60 });

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const refused = (status: number, error: string, extra: Partial<ApiAnswer> = {}): ApiAnswer => ({
  status,
  body: { error },
  ...extra,
});

export const UNAUTHORISED = 'The token is missing, unknown or revoked.';
export const UNKNOWN_PUPIL = 'No pupil of this school has that UPN or MIS id.';

/** Whether the address carries anything that looks like a credential (refused, and never logged). */
export function tokenInQuery(url: URL): boolean {
  for (const [name, value] of url.searchParams) {
    if (/token|key|auth|bearer/i.test(name) || value.includes(TOKEN_PREFIX)) return true;
  }
  return false;
}

/** The body, read to its end or cut off past `max` bytes (counted as they arrive, whatever Content-Length says). */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max = MAX_BODY_BYTES,
): Promise<{ ok: true; text: string } | { ok: false }> {
  if (!body) return { ok: true, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

type Parsed = { ok: true; data: ConcernInput } | { ok: false; answer: ApiAnswer };

function parseConcern(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, answer: refused(400, 'The body is not valid JSON.') };
  }
  const result = concernInput.safeParse(json);
  if (!result.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join('.') || 'body';
      (fields[key] ??= []).push(issue.message);
    }
    return {
      ok: false,
      answer: refused(400, 'Some fields are missing or invalid.', {
        body: { error: 'Some fields are missing or invalid.', fields },
      }),
    };
  }
  return { ok: true, data: result.data };
}

/** The text stored: the severity, when given, leads it, so staff read it first. */
function incidentText(c: ConcernInput): string {
  return c.severity ? `Severity: ${c.severity}\n\n${c.text}` : c.text;
}

export async function receiveConcern(
  ctx: Ctx,
  req: { url: URL; authorization: string | null; contentType: string | null; body: ReadableStream<Uint8Array> | null },
  now = new Date(),
): Promise<ApiAnswer> {
  if (tokenInQuery(req.url)) {
    return refused(400, 'Send the token in the Authorization header, never in the address.');
  }
  const token = bearerToken(req.authorization);
  const tokenId = token ? tokenIdOf(token) : null;
  if (!token || !tokenId) return refused(401, UNAUTHORISED, { headers: { 'www-authenticate': 'Bearer' } });
  if (!/^application\/json\b/i.test(req.contentType ?? '')) {
    return refused(415, 'Send the body as application/json.');
  }
  const read = await readCapped(req.body);
  if (!read.ok) return refused(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);

  return ctx.run(async (tx) => {
    const [integration] = await tx
      .select({
        id: integrations.id,
        name: integrations.name,
        tokenHash: integrations.tokenHash,
        categoryId: integrations.categoryId,
        alertUserIds: integrations.alertUserIds,
        alertGroupIds: integrations.alertGroupIds,
      })
      .from(integrations)
      .where(and(eq(integrations.tokenId, tokenId), isNull(integrations.revokedAt)));
    if (!integration || !tokenMatches(token, integration.tokenHash)) {
      return refused(401, UNAUTHORISED, { headers: { 'www-authenticate': 'Bearer' } });
    }

    const key = rateLimitKey('integration', integration.id);
    await lockRateLimitKeys(tx, [key]);
    const decision = await checkRateLimits(tx, [{ key, rule: INTEGRATION_RULE }], now);
    if (!decision.allowed) {
      return refused(429, 'Too many requests from this token: slow down.', {
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      });
    }
    await recordHits(tx, [key], now);
    await tx.update(integrations).set({ lastUsedAt: now }).where(eq(integrations.id, integration.id));

    const parsed = parseConcern(read.text);
    if (!parsed.ok) return parsed.answer;
    const c = parsed.data;

    const pupils = await tx
      .select({ id: students.id, tutorGroup: students.tutorGroup, yearGroup: students.yearGroup })
      .from(students)
      .where(
        and(
          c.pupil.upn ? eq(students.upn, c.pupil.upn) : eq(students.misId, c.pupil.misId!),
          isNull(students.archivedAt),
        ),
      )
      .limit(2);
    // None, or a UPN two pupils share (an MIS error): refused alike, naming no one.
    const pupil = pupils.length === 1 ? pupils[0]! : null;
    if (!pupil) return refused(422, UNKNOWN_PUPIL);

    // One reference, one incident: concurrent requests with it wait here for the first to commit.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`integration-ref:${integration.id}:${c.reference}`}, 0))`,
    );
    const [earlier] = await tx
      .select({ number: incidents.number })
      .from(integrationConcerns)
      .innerJoin(incidents, eq(incidents.id, integrationConcerns.incidentId))
      .where(
        and(eq(integrationConcerns.integrationId, integration.id), eq(integrationConcerns.reference, c.reference)),
      );
    if (earlier) return { status: 200, body: { incident: earlier.number } };

    const created = await createExternalIncident(
      tx,
      ctx,
      {
        authorName: `${integration.name} (integration)`,
        actorLabel: `integration:${integration.id}`,
        student: pupil,
        categoryId: integration.categoryId,
        text: incidentText(c),
        occurredAt: new Date(c.occurredAt),
        alertUserIds: integration.alertUserIds,
        alertGroupIds: integration.alertGroupIds,
      },
      now,
    );
    await tx.insert(integrationConcerns).values({
      schoolId: ctx.school.id,
      integrationId: integration.id,
      reference: c.reference,
      incidentId: created.incidentId,
      createdAt: now,
    });
    return { status: 201, body: { incident: created.number } };
  });
}
