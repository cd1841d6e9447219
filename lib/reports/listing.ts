/**
 * A Listing report's incidents as every renderer shows them (enquiry view,
 * PDF, Excel): the words of each card worked out once, here, so the three
 * agree and hidden names are hidden everywhere. With "hide student names"
 * the incident's pupil is "[Student]" and the other pupils of its record
 * "[Linked student n]" (numbered once for the whole listing, in the order
 * they first appear), in the text and in the name columns alike; with "hide
 * staff names" every member of staff is their role. Without hiding, pupils
 * are named in the reader's name style, and a linked pupil only where the
 * reader may list them or read that copy (the others are counted).
 *
 * Pure module.
 */
import { ROLE_LABEL } from '@/lib/incidents/labels';
import { customFieldRows } from '@/lib/settings/custom-values';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { SEN_LABELS } from '@/lib/students/sen';
import { BASIC_DATA_FIELDS, BASIC_DATA_LABELS, type BasicDataField, type ListingReport } from './definition';
import { markNames, nameHider, pupilNameForms, staffNameForms, type HiddenName, type TextPiece } from './hide-names';
import type { ListingIncident, ListingPupil, ListingStaff } from './listing-query';
import type { ReportContact } from './pupil-contacts';

export interface ListingActionCard {
  heading: string;
  fields: [label: string, value: string][];
  text: TextPiece[];
}

/** One of the pupil's contacts, as the profile's Contacts tab shows them. */
export interface ListingContactCard {
  /** Their name, or "[Contact 1]" (in the pupil's order) when student names are hidden. */
  name: string;
  fields: [label: string, value: string][];
}

export interface ListingCard {
  id: string;
  number: number;
  heading: string;
  pupil: string;
  fields: [label: string, value: string][];
  /** The incident's text; null when incidents are not included. */
  text: TextPiece[] | null;
  actions: ListingActionCard[];
  /** The pupil's contacts; null when contacts are not included (empty: none the reader may see). */
  contacts: ListingContactCard[] | null;
}

export interface ListingSetup {
  report: Pick<ListingReport, 'include' | 'hideStudentNames' | 'hideStaffNames' | 'basicDataFields'>;
  style: NameStyle;
  timeZone: string;
  /** Everyone who is or was a member of staff here, with their role: their names are hidden in the text. */
  staff: readonly ListingStaff[];
  incidentFields: readonly { id: string; label: string }[];
  actionFields: readonly { id: string; label: string }[];
  /** Words that are other pupils' names, to mark in the text (the enquiry view with hidden names); null: none. */
  pupilWords: ReadonlySet<string> | null;
}

const STUDENT = '[Student]';
const yesNo = (v: boolean) => (v ? 'Yes' : 'No');

export const BASIC_DATA_VALUE: Record<BasicDataField, (p: ListingPupil) => string> = {
  dateOfBirth: (p) => p.dateOfBirth,
  yearGroup: (p) => p.yearGroup ?? 'None',
  tutorGroup: (p) => p.tutorGroup ?? 'None',
  gender: (p) => p.gender ?? 'Not recorded',
  senStatus: (p) => (p.senStatus ? SEN_LABELS[p.senStatus] : 'Not recorded'),
  pupilPremium: (p) => yesNo(p.pupilPremium),
  eal: (p) => yesNo(p.eal),
  freeSchoolMeals: (p) => yesNo(p.freeSchoolMeals),
  lookedAfter: (p) => yesNo(p.lookedAfter),
};

/** The basic data fields a listing shows: those chosen, or every one (a definition from before the choice). */
export const basicDataFieldsOf = (report: Pick<ListingReport, 'basicDataFields'>): readonly BasicDataField[] =>
  report.basicDataFields ? BASIC_DATA_FIELDS.filter((f) => report.basicDataFields!.includes(f)) : BASIC_DATA_FIELDS;

const contactName = (c: ReportContact) => [c.title, c.forename, c.surname].filter(Boolean).join(' ');
export const pupilForms = (n: {
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
}) =>
  pupilNameForms({
    forenames: [n.legalForename, n.preferredForename],
    surnames: [n.legalSurname, n.preferredSurname],
  });

/**
 * A pupil's contacts as cards. `pupilHider` set (student names hidden): a
 * contact's name is "[Contact n]", as a parent's name identifies the child,
 * and their other words (organisation, email, address) go through the
 * pupil's replacement with the contacts' names added; phone numbers are kept,
 * being what the reader would use them for.
 */
export function contactCardsOf(
  list: readonly ReportContact[],
  pupilHider: ((text: string) => string) | null,
): ListingContactCard[] {
  const tags = list.map((_, n) => `[Contact ${n + 1}]`);
  const contactHider = pupilHider
    ? nameHider(
        list.map((c, n) => ({
          forms: pupilNameForms({ forenames: [c.forename], surnames: [c.surname] }),
          replacement: tags[n]!,
        })),
      )
    : (text: string) => text;
  const hide = (text: string) => contactHider(pupilHider ? pupilHider(text) : text);
  return list.map((c, n) => {
    const fields: [string, string][] = [];
    const add = (label: string, value: string | null, hidden = false) => {
      if (value && value.trim()) fields.push([label, hidden ? hide(value) : value]);
    };
    add('Relationship', c.relationship);
    add('Priority', c.priority === null ? null : String(c.priority));
    if (c.parentalResponsibility) fields.push(['Parental responsibility', 'Yes']);
    if (c.livesWithStudent) fields.push(['Lives with pupil', 'Yes']);
    add('Organisation', c.organisation, true);
    add('Phone', c.phone);
    add('Mobile', c.mobile);
    add('Email', c.email, true);
    add('Address', c.address, true);
    return { name: pupilHider ? tags[n]! : contactName(c), fields };
  });
}

/** Builds cards batch after batch, keeping the linked pupils' numbers across the whole listing. */
export class ListingCards {
  private readonly linkedNumber = new Map<string, number>();
  /** A pupil's chronology repeats the same pupils: their replacer is made once (a few hundred at most). */
  private readonly pupilHiders = new Map<string, (text: string) => string>();
  /** A pupil's contacts as cards, made once per pupil (a chronology repeats the one pupil). */
  private readonly contactCardsOf = new Map<string, ListingContactCard[]>();
  private readonly staffHider: (text: string) => string;
  private readonly when: Intl.DateTimeFormat;

  constructor(private readonly setup: ListingSetup) {
    const staff: HiddenName[] = setup.report.hideStaffNames
      ? setup.staff.filter((s) => s.name).map((s) => ({ forms: staffNameForms(s.name!), replacement: roleTag(s) }))
      : [];
    this.staffHider = nameHider(staff);
    this.when = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: setup.timeZone,
    });
  }

  private linkedTag(studentId: string): string {
    let n = this.linkedNumber.get(studentId);
    if (n === undefined) {
      n = this.linkedNumber.size + 1;
      this.linkedNumber.set(studentId, n);
    }
    return `[Linked student ${n}]`;
  }

  private staffName(s: ListingStaff): string {
    if (!s.name) return 'An integration';
    return this.setup.report.hideStaffNames ? roleTag(s) : s.name;
  }

  private pupilHider(i: ListingIncident): (text: string) => string {
    const key = [i.pupil.id, ...i.linked.map((l) => l.studentId)].join(' ');
    let hider = this.pupilHiders.get(key);
    if (!hider) {
      const names: HiddenName[] = [
        { forms: pupilForms(i.pupil), replacement: STUDENT },
        ...i.linked.map((l) => ({ forms: pupilForms(l.names), replacement: this.linkedTag(l.studentId) })),
      ];
      hider = nameHider(names);
      if (this.pupilHiders.size >= 500) this.pupilHiders.clear();
      this.pupilHiders.set(key, hider);
    }
    return hider;
  }

  /** `contacts`: each pupil's (pupil-contacts.ts), when the report includes them. */
  cards(batch: readonly ListingIncident[], contacts?: ReadonlyMap<string, readonly ReportContact[]>): ListingCard[] {
    return batch.map((i) => this.card(i, contacts));
  }

  private contactCards(i: ListingIncident, list: readonly ReportContact[]): ListingContactCard[] {
    const known = this.contactCardsOf.get(i.pupil.id);
    if (known) return known;
    const hideStudents = this.setup.report.hideStudentNames;
    const cards = contactCardsOf(list, hideStudents ? this.pupilHider(i) : null);
    if (this.contactCardsOf.size >= 500) this.contactCardsOf.clear();
    this.contactCardsOf.set(i.pupil.id, cards);
    return cards;
  }

  private card(i: ListingIncident, contacts?: ReadonlyMap<string, readonly ReportContact[]>): ListingCard {
    const { report, style } = this.setup;
    const hideStudents = report.hideStudentNames;
    const pupilHider = hideStudents ? this.pupilHider(i) : (text: string) => text;
    const hide = (text: string) => this.staffHider(pupilHider(text));
    const pieces = (text: string): TextPiece[] => {
      const shown = hide(text);
      return this.setup.pupilWords ? markNames(shown, this.setup.pupilWords) : [{ text: shown, marked: false }];
    };

    const fields: [string, string][] = [];
    if (i.role !== 'subject') fields.push(['Part in this incident', ROLE_LABEL[i.role] ?? i.role]);
    fields.push(
      ['Categories', i.categories.join(', ') || 'None'],
      ['Status', i.status === 'active' ? 'Active' : 'Closed'],
      ['Recorded by', this.staffName(i.author)],
    );
    const linkedLines = hideStudents
      ? i.linked.map((l) => `${this.linkedTag(l.studentId)} (${(ROLE_LABEL[l.role] ?? l.role).toLowerCase()})`)
      : i.linked
          .filter((l) => l.nameable)
          .map((l) => `${formatPupilName(l.names, style)} (${(ROLE_LABEL[l.role] ?? l.role).toLowerCase()})`);
    const outside = hideStudents ? 0 : i.linked.filter((l) => !l.nameable).length;
    if (outside > 0)
      linkedLines.push(outside === 1 ? 'One pupil outside your access' : `${outside} pupils outside your access`);
    if (linkedLines.length > 0) fields.push(['Linked pupils', linkedLines.join('\n')]);
    if (report.include.basicData)
      for (const f of basicDataFieldsOf(report)) fields.push([BASIC_DATA_LABELS[f], BASIC_DATA_VALUE[f](i.pupil)]);
    if (report.include.customFields)
      for (const [label, value] of customFieldRows(i.customFields, this.setup.incidentFields))
        fields.push([label, hide(value)]);

    return {
      id: i.id,
      number: i.number,
      heading: `#${i.number} · ${this.when.format(i.occurredAt)}`,
      pupil: hideStudents ? STUDENT : formatPupilName(i.pupil, style),
      fields,
      text: report.include.incidents ? pieces(i.text) : null,
      actions: report.include.actions
        ? i.actions.map((a) => {
            const f: [string, string][] = [];
            if (a.categories.length > 0) f.push(['Categories added', a.categories.join(', ')]);
            if (report.include.customFields)
              for (const [label, value] of customFieldRows(a.customFields, this.setup.actionFields))
                f.push([label, hide(value)]);
            return {
              heading: `${this.when.format(a.occurredAt)} · ${this.staffName(a.author)}`,
              fields: f,
              text: pieces(a.text),
            };
          })
        : [],
      contacts: report.include.contacts ? this.contactCards(i, contacts?.get(i.pupil.id) ?? []) : null,
    };
  }
}

/** The fields every card may have, as columns (Excel): custom fields, which differ by category, are not among them. */
export function listingColumns(
  include: ListingReport['include'],
  basicDataFields?: ListingReport['basicDataFields'],
): string[] {
  return [
    'Part in this incident',
    'Categories',
    'Status',
    'Recorded by',
    'Linked pupils',
    ...(include.basicData ? basicDataFieldsOf({ basicDataFields }).map((f) => BASIC_DATA_LABELS[f]) : []),
    ...(include.contacts ? ['Contacts'] : []),
  ];
}

/** A card's contacts as lines of text (Excel's Contacts column): a contact a line, their details after the name. */
export function contactLines(contacts: readonly ListingContactCard[]): string {
  return contacts
    .map((c) => [c.name, ...c.fields.map(([l, v]) => `${l}: ${v.replace(/\s*\n\s*/g, ', ')}`)].join('; '))
    .join('\n');
}

function roleTag(s: ListingStaff): string {
  return `[${s.role ?? 'Staff'}]`;
}

/** Text pieces back to plain text (the files, which cannot highlight). */
export const plainText = (pieces: readonly TextPiece[]) => pieces.map((p) => p.text).join('');
