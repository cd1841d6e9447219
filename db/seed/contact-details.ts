/**
 * Fake but UK-looking contact details. Phone numbers come from the ranges
 * Ofcom reserves for TV and radio drama (07700 900xxx, 01632 960xxx) and email
 * addresses from the example.org / example.com domains reserved by RFC 2606, so
 * demo data can never ring or email a real person.
 */
import type { Random } from './random';

const STREETS = [
  'Mill Lane',
  'Church Street',
  'Station Road',
  'Park Avenue',
  'Victoria Road',
  "Queen's Road",
  "St Mary's Close",
  'The Crescent',
  'Bridge Street',
  'Orchard Way',
  'Meadow View',
  'High Street',
  'Chapel Lane',
  'Beech Grove',
  'Canal Street',
  'Moorland Rise',
  'Albert Terrace',
  'Hollins Lane',
  'Weavers Court',
  'Primrose Hill',
  'Fern Bank',
  'School Lane',
  'Kingsway',
  'Cromwell Road',
  'Nightingale Drive',
  'Larch Close',
  'Fold Yard',
];

const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Ascii-fold a name for an email address: Zoë → zoe, Łukasz → lukasz, O'Brien → obrien. */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

export class ContactDetails {
  private readonly usedEmails = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly town: string,
    private readonly postcodeArea: string,
  ) {}

  mobile(): string {
    return `07700 900${String(this.rng.int(0, 999)).padStart(3, '0')}`;
  }

  landline(): string {
    return `01632 960${String(this.rng.int(0, 999)).padStart(3, '0')}`;
  }

  /**
   * A home address. Some MIS exports put each line on its own line and some
   * separate them with commas; both occur, so the importer sees both.
   */
  address(): string {
    const flat = this.rng.chance(0.1) ? `Flat ${this.rng.int(1, 12)}, ` : '';
    const street = `${flat}${this.rng.int(1, 180)} ${this.rng.pick(STREETS)}`;
    const postcode =
      `${this.postcodeArea}${this.rng.int(1, 9)} ${this.rng.int(1, 9)}` +
      this.rng.pick([...POSTCODE_LETTERS]) +
      this.rng.pick([...POSTCODE_LETTERS]);
    return this.rng.chance(0.5) ? `${street}\n${this.town}\n${postcode}` : `${street}, ${this.town}, ${postcode}`;
  }

  /** A personal email address, unique within the school. */
  personalEmail(forename: string, surname: string): string {
    const f = emailPart(forename);
    const s = emailPart(surname);
    const domain = this.rng.pick(['example.org', 'example.com']);
    const local = this.rng.pick([`${f}.${s}`, `${f}${s}`, `${f.charAt(0)}${s}`, `${f}.${s}${this.rng.int(70, 99)}`]);
    return this.unique(local, domain);
  }

  /** A work email at a fictional local authority, for social workers. */
  workEmail(forename: string, surname: string): string {
    return this.unique(`${emailPart(forename)}.${emailPart(surname)}`, 'childrens-services.example.org');
  }

  private unique(local: string, domain: string): string {
    let candidate = `${local}@${domain}`;
    for (let n = 2; this.usedEmails.has(candidate); n++) candidate = `${local}${n}@${domain}`;
    this.usedEmails.add(candidate);
    return candidate;
  }
}
