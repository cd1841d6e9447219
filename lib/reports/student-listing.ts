/**
 * A Students listing's pupils as every renderer shows them (enquiry view,
 * PDF, Excel): the same `ListingCard` an incident listing draws, worked out
 * once here so the three agree. Each card is a pupil: the name (the
 * reader's name style, or "[Student n]" numbered in the listing's order when
 * student names are hidden), year and tutor group, the basic data fields
 * chosen, the pupil form's custom fields and the contacts (listing.ts's
 * `contactCardsOf`, "[Contact n]" with hidden names). With hidden names a
 * custom field's value and a contact's words go through the pupil's
 * replacement too.
 *
 * Pure module.
 */
import { customFieldRows } from '@/lib/settings/custom-values';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { BASIC_DATA_LABELS, type BasicDataField, type StudentListingReport } from './definition';
import { nameHider } from './hide-names';
import { BASIC_DATA_VALUE, basicDataFieldsOf, contactCardsOf, pupilForms, type ListingCard } from './listing';
import type { ReportContact } from './pupil-contacts';
import type { StudentListingPupil } from './student-listing-query';

/** Always on a pupil's card, whatever is included: where the pupil is in the school. */
const ALWAYS: readonly BasicDataField[] = ['yearGroup', 'tutorGroup'];

export interface StudentListingSetup {
  report: Pick<StudentListingReport, 'include' | 'hideStudentNames' | 'basicDataFields'>;
  style: NameStyle;
  pupilFields: readonly { id: string; label: string }[];
}

/** The basic data fields a card shows after year and tutor group. */
const moreBasicData = (report: StudentListingSetup['report']): readonly BasicDataField[] =>
  report.include.basicData ? basicDataFieldsOf(report).filter((f) => !ALWAYS.includes(f)) : [];

/** Builds cards batch after batch, numbering hidden pupils across the whole listing. */
export class StudentListingCards {
  private listed = 0;

  constructor(private readonly setup: StudentListingSetup) {}

  /** `contacts`: each pupil's (pupil-contacts.ts), when the report includes them. */
  cards(
    batch: readonly StudentListingPupil[],
    contacts?: ReadonlyMap<string, readonly ReportContact[]>,
  ): ListingCard[] {
    return batch.map((p) => this.card(p, contacts));
  }

  private card(p: StudentListingPupil, contacts?: ReadonlyMap<string, readonly ReportContact[]>): ListingCard {
    const { report, style, pupilFields } = this.setup;
    this.listed += 1;
    const tag = `[Student ${this.listed}]`;
    const hider = report.hideStudentNames ? nameHider([{ forms: pupilForms(p), replacement: tag }]) : null;
    const fields: [string, string][] = [...ALWAYS, ...moreBasicData(report)].map((f) => [
      BASIC_DATA_LABELS[f],
      BASIC_DATA_VALUE[f](p),
    ]);
    if (report.include.customFields)
      for (const [label, value] of customFieldRows(p.customFields, pupilFields))
        fields.push([label, hider ? hider(value) : value]);
    return {
      id: p.id,
      number: this.listed,
      heading: report.hideStudentNames ? tag : formatPupilName(p, style),
      pupil: '',
      fields,
      text: null,
      actions: [],
      contacts: report.include.contacts ? contactCardsOf(contacts?.get(p.id) ?? [], hider) : null,
    };
  }
}

/** The fields every pupil card may have, as columns (Excel); custom fields go under "Other details". */
export function studentListingColumns(report: StudentListingSetup['report']): string[] {
  return [
    ...[...ALWAYS, ...moreBasicData(report)].map((f) => BASIC_DATA_LABELS[f]),
    ...(report.include.contacts ? ['Contacts'] : []),
  ];
}
