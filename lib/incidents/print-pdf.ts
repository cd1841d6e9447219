/**
 * The printed incident: a PDF laid out from an incident as its reader may see
 * it (print.ts decides and reads; this only draws). The school's name and
 * logo (when it has one) and a confidentiality notice head every page;
 * "Printed by … on …" and "Page x of y" foot it. Names arrive formatted by
 * the one name formatter, so hide-names mode holds on paper too.
 */
import 'server-only';
import { PdfFlow, MUTED } from '@/lib/pdf/flow';
import { bodyMapTitle, customFieldRows, ROLE_LABEL, shownCategories } from './labels';
import type { ActionView, IncidentView } from './queries';

export interface IncidentPrint {
  schoolName: string;
  timeZone: string;
  printedBy: string;
  printedAt: Date;
  /** The incident with the actions to print (those its reader may see, none deleted). */
  incident: IncidentView;
  customFields: readonly { id: string; label: string }[];
  /** The action form's custom fields, deleted ones included: the labels of actions' recorded values. */
  actionFields: readonly { id: string; label: string }[];
  /** The school's logo (PNG or JPEG), null when it has none. */
  logo: Uint8Array | null;
  /** The school's maps, to name the ones markers are on. */
  maps?: readonly { id: string; title: string }[];
}

export const CONFIDENTIAL_NOTICE =
  'Confidential safeguarding record: keep it secure, share it only with those who need to know, destroy it securely.';

const names = (list: readonly { name: string }[]) => list.map((c) => c.name).join(', ');

function actionRows(a: ActionView, fields: IncidentPrint['actionFields']): [string, string][] {
  const rows: [string, string][] = [];
  if (a.categories.length > 0) rows.push(['Categories added', names(a.categories)]);
  if (a.agencies.length > 0) rows.push(['Agencies', a.agencies.join(', ')]);
  rows.push(...customFieldRows(a.customFields, fields));
  return rows;
}

export async function incidentPdf(p: IncidentPrint): Promise<Uint8Array> {
  const when = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: p.timeZone,
    timeZoneName: 'short',
  });
  const i = p.incident;
  const flow = await PdfFlow.create({
    title: `Incident #${i.number}`,
    header: { title: p.schoolName, notice: CONFIDENTIAL_NOTICE, badge: 'CONFIDENTIAL', logo: p.logo },
    footer: `Printed by ${p.printedBy} on ${when.format(p.printedAt)}`,
  });

  flow.heading(`Incident #${i.number}`, { size: 16, after: 2 });
  flow.text(i.studentName, { size: 13, bold: true, after: 10 });

  const { own, raised } = shownCategories(i.categories);
  const rows: [string, string][] = [];
  if (i.role !== 'subject') rows.push(['Part in this incident', ROLE_LABEL[i.role] ?? i.role]);
  rows.push(
    ['When', when.format(i.occurredAt)],
    ['Recorded by', i.authorName ?? 'An integration'],
    ['Categories', names(own)],
  );
  if (raised.length > 0) rows.push(['Added by actions', names(raised)]);
  rows.push(['Status', i.status === 'active' ? 'Active' : 'Closed'], ['Assigned to', i.assigneeName ?? 'Nobody']);
  if (i.agencies.length > 0) rows.push(['Agencies', i.agencies.join(', ')]);
  if (i.linked.length > 0)
    rows.push([
      'Linked pupils',
      i.linked.map((l) => `${l.studentName} (${(ROLE_LABEL[l.role] ?? l.role).toLowerCase()})`).join('\n'),
    ]);
  rows.push(...customFieldRows(i.customFields, p.customFields));
  if (i.training) rows.push(['Training', 'Recorded in training mode: not a real concern.']);
  if (i.deleted) rows.push(['Deleted', `${when.format(i.deleted.at)}: ${i.deleted.reason}`]);
  flow.fields(rows, { after: 6 });

  if (i.markers.length > 0) {
    flow.heading('Body map markers', { size: 11 });
    flow.fields(
      i.markers.map((m) => [`${m.number}. ${bodyMapTitle(m.mapId, p.maps)}`, m.note || 'No note'] as const),
      { after: 6 },
    );
  }

  flow.heading('What happened');
  flow.text(i.text, { after: 8 });

  flow.heading(i.actions.length === 1 ? '1 action' : `${i.actions.length} actions`);
  if (i.actions.length === 0) flow.text('No actions recorded.', { colour: MUTED });
  for (const [n, a] of i.actions.entries()) {
    if (n > 0) flow.rule();
    flow.heading(`${when.format(a.occurredAt)} · ${a.authorName ?? 'An integration'}`, { size: 10.5, before: 4 });
    flow.fields(actionRows(a, p.actionFields));
    flow.text(a.text, { after: 6 });
  }
  return flow.save();
}
