/**
 * Telling a school's administrators that a transfer needs them: a content-free
 * email to each active member whose group holds "Administration" (their school
 * alert address, else their sign-in address). The dashboard entry is the
 * transfer row itself (./queries.ts). The email never names the pupil, the
 * other school or the step's detail: only that there is something in Haven
 * and the link to Admin → Transfers.
 *
 * The other school's members are outside the acting school's row-level
 * security, so their addresses are read on the named privileged path
 * ('transfer-notify'), which the detection job's own transaction already is.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { rowsOf, type Tx } from '@/db/scoped';
import { getConfig } from '@/lib/config';
import { queueEmail } from '@/lib/mail/outbox';
import { schoolOrigin } from '@/lib/tenancy/host';

export const TRANSFER_EMAIL_SUBJECT = 'A child protection file may be ready to request in Haven';

export type TransferNotice = 'detected' | 'requested' | 'authorised' | 'declined' | 'transferred' | 'confirmed';

const SUBJECTS: Record<TransferNotice, string> = {
  detected: TRANSFER_EMAIL_SUBJECT,
  requested: 'A child protection file transfer has been requested in Haven',
  authorised: 'A child protection file transfer has been authorised in Haven',
  declined: 'A child protection file transfer has been declined in Haven',
  transferred: 'A child protection file has been transferred to you in Haven',
  confirmed: 'A child protection file transfer has been confirmed in Haven',
};

/** The email: no pupil, no other school, no reason; only where to look. Pure. */
export function transferEmail(notice: TransferNotice, transfersUrl: string): { subject: string; text: string } {
  return {
    subject: SUBJECTS[notice],
    text: [
      `${SUBJECTS[notice]}.`,
      '',
      `Sign in to Haven to see it in Admin → Transfers: ${transfersUrl}`,
      '',
      'For the safety of the pupils concerned, transfer emails never contain names or details.',
    ].join('\n'),
  };
}

/** Queues the email to every administrator of `schoolId`, in a privileged transaction `tx`. */
export async function emailAdminsIn(tx: Tx, schoolId: string, notice: TransferNotice): Promise<number> {
  const config = getConfig();
  const res = await tx.execute(sql`
    select s.slug, coalesce(m.alert_email, u.email) as address
    from memberships m
    join user_groups g on g.school_id = m.school_id and g.id = m.user_group_id
    join users u on u.id = m.user_id
    join schools s on s.id = m.school_id
    where m.school_id = ${schoolId}::uuid and m.status = 'active' and g.permissions ? 'administration'`);
  const rows = rowsOf<{ slug: string; address: string }>(res);
  for (const r of rows) {
    const url = `${schoolOrigin(r.slug, config.rootDomain, config.protocol)}/admin/transfers`;
    await queueEmail(tx, schoolId, { to: r.address, ...transferEmail(notice, url) });
  }
  return rows.length;
}

/** Emails the other school's administrators about a step, after the step's own transaction. */
export async function emailOtherSchoolAdmins(schoolId: string, notice: TransferNotice): Promise<number> {
  return privileged('transfer-notify', `transfer ${notice}: email administrators`, (tx) =>
    emailAdminsIn(tx, schoolId, notice),
  );
}
