/**
 * Support requests on the school's side: any signed-in member of staff sends
 * one ("Contact support" in the header); the school's administrators (with
 * their key: lib/access 'admin.use') read every request of the school and its
 * answer, everyone else only their own. A request of another school, or
 * someone else's for a non-administrator, is not found. Everything runs in
 * the school's own row-level security.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { supportRequests, users } from '@/db/schema';
import { can, sessionSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { supportRequestInput, type SupportStatus } from './schema';

export interface SupportRequestSummary {
  id: string;
  number: number;
  subject: string;
  status: SupportStatus;
  createdAt: Date;
  answeredAt: Date | null;
  requesterName: string;
  mine: boolean;
}

export interface SupportRequestDetail extends SupportRequestSummary {
  phone: string;
  message: string;
  answer: string | null;
}

/** Whether this person reads every request of the school (its administrators, with the key). */
export function seesSchoolRequests(ctx: UserCtx): boolean {
  return can(sessionSubject(ctx), 'admin.use');
}

function visibleTo(ctx: UserCtx): SQL {
  const ofSchool = eq(supportRequests.schoolId, ctx.school.id);
  return seesSchoolRequests(ctx) ? ofSchool : and(ofSchool, eq(supportRequests.requesterUserId, ctx.user.id))!;
}

export async function sendSupportRequest(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ id: string; number: number }> {
  const data = supportRequestInput.parse(input);
  const submission = submissionOf(ctx, 'support.request', data);
  return ctx.run(async (tx) => {
    // A second click or a replay of the same form gets the first request back, not a second one.
    const first = await claimSubmission<{ id: string; number: number }>(
      tx,
      submission,
      (sent) => `Your request was already sent as first written (number ${sent.number}); your later changes were not.`,
      now,
    );
    if (first) return first;
    // Numbers are the school's own running sequence: one sender at a time takes the next.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`support-number:${ctx.school.id}`}))`);
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${supportRequests.number}), 0)::int` })
      .from(supportRequests)
      .where(eq(supportRequests.schoolId, ctx.school.id));
    const id = randomUUID();
    const number = (last?.n ?? 0) + 1;
    await tx.insert(supportRequests).values({
      schoolId: ctx.school.id,
      id,
      number,
      requesterUserId: ctx.user.id,
      subject: data.subject,
      phone: data.phone,
      message: data.message,
      createdAt: now,
    });
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      actorUserId: ctx.user.id,
      action: 'support.request_sent',
      entityType: 'support_request',
      entityId: id,
      meta: ctx.meta,
      details: { number },
      at: now,
    });
    return completeSubmission(tx, submission, { id, number });
  });
}

const summaryColumns = (ctx: UserCtx) => ({
  id: supportRequests.id,
  number: supportRequests.number,
  subject: supportRequests.subject,
  status: supportRequests.status,
  createdAt: supportRequests.createdAt,
  answeredAt: supportRequests.answeredAt,
  requesterName: users.displayName,
  mine: sql<boolean>`${supportRequests.requesterUserId} = ${ctx.user.id}`,
});

/** The requests this person may read, newest first. */
export async function listSupportRequests(ctx: UserCtx, limit = 100): Promise<SupportRequestSummary[]> {
  return ctx.run((tx) =>
    tx
      .select(summaryColumns(ctx))
      .from(supportRequests)
      .innerJoin(users, eq(users.id, supportRequests.requesterUserId))
      .where(visibleTo(ctx))
      .orderBy(desc(supportRequests.createdAt))
      .limit(limit),
  );
}

/** The person's own requests answered and not yet closed: the dashboard says so. */
export async function myAnsweredSupportRequests(ctx: UserCtx): Promise<SupportRequestSummary[]> {
  return ctx.run((tx) =>
    tx
      .select(summaryColumns(ctx))
      .from(supportRequests)
      .innerJoin(users, eq(users.id, supportRequests.requesterUserId))
      .where(
        and(
          eq(supportRequests.schoolId, ctx.school.id),
          eq(supportRequests.requesterUserId, ctx.user.id),
          eq(supportRequests.status, 'answered'),
        ),
      )
      .orderBy(desc(supportRequests.answeredAt))
      .limit(5),
  );
}

export async function getSupportRequest(ctx: UserCtx, id: string): Promise<SupportRequestDetail> {
  if (!isUuid(id)) throw new NotFoundError('support request');
  const [row] = await ctx.run((tx) =>
    tx
      .select({
        ...summaryColumns(ctx),
        phone: supportRequests.phone,
        message: supportRequests.message,
        answer: supportRequests.answer,
      })
      .from(supportRequests)
      .innerJoin(users, eq(users.id, supportRequests.requesterUserId))
      .where(and(visibleTo(ctx), eq(supportRequests.id, id))),
  );
  if (!row) throw new NotFoundError('support request');
  return row;
}
