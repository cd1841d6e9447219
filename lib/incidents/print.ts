/**
 * "Print": an incident and its actions as a PDF, for whoever may read the
 * incident. It is read exactly as the incident page reads it (readIncident:
 * the same decision, the same SQL conditions), so anything the page answers
 * "not found" the print view answers the same. Each print is audited.
 */
import 'server-only';
import { accessSubjectOf } from '@/lib/access';
import { recordIncidentEvent } from './audit';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { mapCatalogue } from '@/lib/maps/queries';
import { recordFieldLabels } from '@/lib/settings/form-definition';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { incidentPdf } from './print-pdf';
import { readIncident } from './queries';

export interface PrintedIncident {
  number: number;
  /** Neutral: the incident's number, never the pupil's name. */
  filename: string;
  pdf: Uint8Array;
}

export async function printIncident(ctx: UserCtx, rawId: string, style: NameStyle): Promise<PrintedIncident> {
  const subject = await accessSubjectOf(ctx);
  const { view: incident, maps } = await ctx.run(async (tx) => {
    const view = await readIncident(tx, subject, rawId, style);
    // Paper keeps only the live record: deleted actions (shown to editors on screen) are left out.
    const actions = view.actions.filter((a) => !a.deleted);
    // Audited with the read, before the file is drawn: a print that then failed is over-reported, never missed.
    await recordIncidentEvent(tx, ctx, 'incident.printed', view, { actions: actions.length }, subject.now);
    return { view: { ...view, actions }, maps: await mapCatalogue(tx, ctx.school.id) };
  });
  const labels = recordFieldLabels(ctx.school.settings);
  const pdf = await incidentPdf({
    schoolName: ctx.school.name,
    timeZone: ctx.school.timeZone,
    printedBy: ctx.user.displayName,
    printedAt: subject.now,
    incident,
    customFields: labels.incidentFields,
    actionFields: labels.actionFields,
    // Read after the decision and audit: a refused print never touches the logo.
    logo: (await loadSchoolLogo(ctx))?.bytes ?? null,
    maps,
  });
  return { number: incident.number, filename: `incident-${incident.number}.pdf`, pdf };
}
