/**
 * Support requests in the console: every school's, with their status; an
 * operator answers (the requester gets an email that says only that there is
 * an answer, and where to sign in) and closes them. Each change is written to
 * the platform's audit log and to the school's own, in one transaction.
 */
import 'server-only';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import { schools, supportRequests, users } from '@/db/schema';
import { writePlatformAudit } from '@/lib/audit/platform';
import { writeAudit } from '@/lib/audit/write';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { queueEmail } from '@/lib/mail/outbox';
import { supportAnswerInput, supportRequestIdInput, type SupportStatus } from '@/lib/support/schema';
import { schoolOrigin } from '@/lib/tenancy/host';
import type { RequestMeta } from '@/lib/tenancy/context';
import type { ConsoleOperator } from './console-auth';

export interface ConsoleSupportRow {
  id: string;
  number: number;
  schoolName: string;
  schoolSlug: string;
  subject: string;
  status: SupportStatus;
  requesterName: string;
  createdAt: Date;
}

export interface ConsoleSupportDetail extends ConsoleSupportRow {
  requesterEmail: string;
  phone: string;
  message: string;
  answer: string | null;
  answeredAt: Date | null;
}

const rowColumns = {
  id: supportRequests.id,
  number: supportRequests.number,
  schoolName: schools.name,
  schoolSlug: schools.slug,
  subject: supportRequests.subject,
  status: supportRequests.status,
  requesterName: users.displayName,
  createdAt: supportRequests.createdAt,
};

/** Open and answered first, then closed; newest first within each. */
export async function listConsoleSupportRequests(status?: SupportStatus): Promise<ConsoleSupportRow[]> {
  return privileged('platform-console', 'console support list', (tx) =>
    tx
      .select(rowColumns)
      .from(supportRequests)
      .innerJoin(schools, eq(schools.id, supportRequests.schoolId))
      .innerJoin(users, eq(users.id, supportRequests.requesterUserId))
      .where(status ? eq(supportRequests.status, status) : undefined)
      .orderBy(sql`${supportRequests.status} = 'closed'`, desc(supportRequests.createdAt))
      .limit(200),
  );
}

async function detail(tx: Tx, id: string): Promise<(ConsoleSupportDetail & { schoolId: string }) | null> {
  const [row] = await tx
    .select({
      ...rowColumns,
      schoolId: supportRequests.schoolId,
      requesterEmail: users.email,
      phone: supportRequests.phone,
      message: supportRequests.message,
      answer: supportRequests.answer,
      answeredAt: supportRequests.answeredAt,
    })
    .from(supportRequests)
    .innerJoin(schools, eq(schools.id, supportRequests.schoolId))
    .innerJoin(users, eq(users.id, supportRequests.requesterUserId))
    .where(eq(supportRequests.id, id));
  return row ?? null;
}

export async function getConsoleSupportRequest(id: string): Promise<ConsoleSupportDetail> {
  if (!isUuid(id)) throw new NotFoundError('support request');
  const row = await privileged('platform-console', `console support ${id}`, (tx) => detail(tx, id));
  if (!row) throw new NotFoundError('support request');
  return row;
}

export async function answerSupportRequest(
  op: ConsoleOperator,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const { requestId, answer } = supportAnswerInput.parse(input);
  await privileged('platform-console', `answer support ${requestId}`, async (tx) => {
    const row = await detail(tx, requestId);
    if (!row) throw new NotFoundError('support request');
    const changed = await tx
      .update(supportRequests)
      .set({ answer, status: 'answered', answeredAt: now, answeredByUserId: op.userId })
      .where(and(eq(supportRequests.id, requestId), ne(supportRequests.status, 'closed')))
      .returning({ id: supportRequests.id });
    if (!changed[0]) throw new UserError('This request is closed.');
    await writeAudit(tx, {
      schoolId: row.schoolId,
      actorUserId: null,
      actorLabel: `Haven support (${op.email})`,
      action: 'platform.support_answered',
      entityType: 'support_request',
      entityId: requestId,
      meta,
      details: { number: row.number },
      at: now,
    });
    await writePlatformAudit(tx, {
      action: 'support.answered',
      actorUserId: op.userId,
      schoolId: row.schoolId,
      meta,
      details: { requestId, number: row.number },
      at: now,
    });
    const { rootDomain, protocol } = getConfig();
    // Says only that there is an answer and where: the request and the answer stay in Haven.
    await queueEmail(tx, row.schoolId, {
      to: row.requesterEmail,
      subject: 'Haven support has answered your request',
      text: [
        `Hello ${row.requesterName},`,
        '',
        `Haven support has answered your request number ${row.number}. Sign in to ${row.schoolName}'s Haven to read it:`,
        '',
        `${schoolOrigin(row.schoolSlug, rootDomain, protocol)}/support/${requestId}`,
      ].join('\n'),
    });
  });
}

export async function closeSupportRequest(
  op: ConsoleOperator,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const { requestId } = supportRequestIdInput.parse(input);
  await privileged('platform-console', `close support ${requestId}`, async (tx) => {
    const row = await detail(tx, requestId);
    if (!row) throw new NotFoundError('support request');
    const changed = await tx
      .update(supportRequests)
      .set({ status: 'closed', closedAt: now })
      .where(and(eq(supportRequests.id, requestId), ne(supportRequests.status, 'closed')))
      .returning({ id: supportRequests.id });
    if (!changed[0]) return; // already closed: a doubled click changes nothing
    await writeAudit(tx, {
      schoolId: row.schoolId,
      actorUserId: null,
      actorLabel: `Haven support (${op.email})`,
      action: 'platform.support_closed',
      entityType: 'support_request',
      entityId: requestId,
      meta,
      details: { number: row.number },
      at: now,
    });
    await writePlatformAudit(tx, {
      action: 'support.closed',
      actorUserId: op.userId,
      schoolId: row.schoolId,
      meta,
      details: { requestId, number: row.number },
      at: now,
    });
  });
}
