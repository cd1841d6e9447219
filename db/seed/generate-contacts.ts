/**
 * Each family's contacts: parents living together or apart, step-parents,
 * single parents, grandparents raising grandchildren, foster carers with a
 * social worker for looked-after children, and a further emergency contact.
 * Every child of a family lists the same people under the same contact_id,
 * which is how the importer knows they are siblings.
 */
import { flag, type ContactRow } from './bundle-columns';
import { ContactDetails } from './contact-details';
import type { ContactPerson, Family, Pupil, SchoolContext } from './model';
import { pickAdultForename, pickBackground, pickSurname, surnameFor, type Sex } from './name-picker';
import type { Random } from './random';

/** [relationship, weight, sex (null: either), a relative of the family] */
const EMERGENCY_CONTACTS: readonly (readonly [string, number, Sex | null, boolean])[] = [
  ['Grandmother', 35, 'female', true],
  ['Grandfather', 12, 'male', true],
  ['Aunt', 20, 'female', true],
  ['Uncle', 10, 'male', true],
  ['Family Friend', 12, null, false],
  ['Neighbour', 6, null, false],
  ['Childminder', 5, 'female', false],
];

type Structure = 'two_parents' | 'separated' | 'single' | 'kinship' | 'same_sex';

interface PersonSpec {
  sex: Sex;
  relationship: string;
  surname: string;
  forename?: string;
  parentalResponsibility: boolean;
  livesWithStudent: boolean;
  address: string;
  /** Chances of having each means of contact. */
  landline: number;
  email: number;
}

class FamilyContacts {
  private nextId = 5001;

  constructor(
    private readonly rng: Random,
    private readonly details: ContactDetails,
  ) {}

  forFamily(family: Family): ContactPerson[] {
    const people = family.lookedAfter ? this.lookedAfter(family) : this.household(family);
    // Schools ask for at least two people to call; a lone parent usually names a grandparent.
    if (people.length < 2 ? this.rng.chance(0.85) : this.rng.chance(0.22)) people.push(this.emergencyContact(family));
    return people;
  }

  private household(family: Family): ContactPerson[] {
    const rng = this.rng;
    const structure = rng.weighted<Structure>([
      ['two_parents', 52],
      ['separated', 22],
      ['single', 20],
      ['kinship', 4],
      ['same_sex', 2],
    ]);
    const home = this.details.address();
    const parent = (sex: Sex, livesWith: boolean, address: string): ContactPerson =>
      this.person(family, {
        sex,
        relationship: sex === 'female' ? 'Mother' : 'Father',
        surname: this.parentSurname(family, sex),
        parentalResponsibility: true,
        livesWithStudent: livesWith,
        address,
        landline: livesWith ? 0.3 : 0.1,
        email: 0.85,
      });

    switch (structure) {
      case 'two_parents': {
        const mother = parent('female', true, home);
        const father = parent('male', true, home);
        return rng.chance(0.65) ? [mother, father] : [father, mother];
      }
      case 'separated': {
        const residentSex: Sex = rng.chance(0.75) ? 'female' : 'male';
        const other: Sex = residentSex === 'female' ? 'male' : 'female';
        const people = [parent(residentSex, true, home), parent(other, false, this.details.address())];
        if (rng.chance(0.35)) {
          people.push(
            this.person(family, {
              sex: other,
              relationship: other === 'male' ? 'Step-father' : 'Step-mother',
              surname: surnameFor(pickSurname(family.background, rng), other),
              parentalResponsibility: false,
              livesWithStudent: true,
              address: home,
              landline: 0.1,
              email: 0.5,
            }),
          );
        }
        return people;
      }
      case 'single':
        return [parent(rng.chance(0.85) ? 'female' : 'male', true, home)];
      case 'kinship': {
        // Grandparents raising a grandchild usually hold a special guardianship order, hence PR.
        const grandparent = (sex: Sex): ContactPerson =>
          this.person(family, {
            sex,
            relationship: sex === 'female' ? 'Grandmother' : 'Grandfather',
            surname: surnameFor(family.surname, sex),
            parentalResponsibility: true,
            livesWithStudent: true,
            address: home,
            landline: 0.7,
            email: 0.4,
          });
        return rng.chance(0.5) ? [grandparent('female'), grandparent('male')] : [grandparent('female')];
      }
      case 'same_sex': {
        const sex: Sex = rng.chance(0.6) ? 'female' : 'male';
        return [parent(sex, true, home), parent(sex, true, home)];
      }
    }
  }

  private lookedAfter(family: Family): ContactPerson[] {
    const rng = this.rng;
    const carerHome = this.details.address();
    const carerBackground = pickBackground(rng);
    const carerSurname = pickSurname(carerBackground, rng);
    const carer = (sex: Sex): ContactPerson =>
      this.person(family, {
        sex,
        relationship: 'Foster Carer',
        surname: surnameFor(carerSurname, sex),
        forename: pickAdultForename(carerBackground, sex, rng),
        parentalResponsibility: false,
        livesWithStudent: true,
        address: carerHome,
        landline: 0.5,
        email: 0.8,
      });
    const people = [carer('female')];
    if (rng.chance(0.5)) people.push(carer('male'));
    const workerSex: Sex = rng.chance(0.8) ? 'female' : 'male';
    const workerBackground = pickBackground(rng);
    const workerForename = pickAdultForename(workerBackground, workerSex, rng);
    const workerSurname = surnameFor(pickSurname(workerBackground, rng), workerSex);
    people.push({
      contactId: this.newId(),
      title: workerSex === 'female' ? 'Ms' : 'Mr',
      forename: workerForename,
      surname: workerSurname,
      relationship: 'Social Worker',
      parentalResponsibility: false,
      livesWithStudent: false,
      phone: this.details.landline(),
      mobile: rng.chance(0.6) ? this.details.mobile() : '',
      email: this.details.workEmail(workerForename, workerSurname),
      address: '',
    });
    // The birth mother keeps parental responsibility under a care order.
    people.push(
      this.person(family, {
        sex: 'female',
        relationship: 'Birth Mother',
        surname: this.parentSurname(family, 'female'),
        parentalResponsibility: true,
        livesWithStudent: false,
        address: '',
        landline: 0,
        email: 0.3,
      }),
    );
    return people;
  }

  private emergencyContact(family: Family): ContactPerson {
    const rng = this.rng;
    const [relationship, , fixedSex, related] = rng.weighted(EMERGENCY_CONTACTS.map((c) => [c, c[1]] as const));
    const sex: Sex = fixedSex ?? (rng.chance(0.7) ? 'female' : 'male');
    // Relatives often share the family's surname; friends and childminders come from any background.
    const surnameSource =
      related && rng.chance(0.6) ? family.surname : pickSurname(related ? family.background : pickBackground(rng), rng);
    return this.person(family, {
      sex,
      relationship,
      surname: surnameFor(surnameSource, sex),
      parentalResponsibility: false,
      livesWithStudent: false,
      address: rng.chance(0.4) ? this.details.address() : '',
      landline: 0.3,
      email: 0.25,
    });
  }

  /** Many mothers keep their own surname; fathers mostly share the children's. */
  private parentSurname(family: Family, sex: Sex): string {
    const keepsOwn = sex === 'female' ? this.rng.chance(0.25) : this.rng.chance(0.05);
    return surnameFor(keepsOwn ? pickSurname(family.background, this.rng) : family.surname, sex);
  }

  private person(family: Family, spec: PersonSpec): ContactPerson {
    const rng = this.rng;
    const forename = spec.forename ?? pickAdultForename(family.background, spec.sex, rng);
    return {
      contactId: this.newId(),
      title: this.title(spec.sex, spec.relationship),
      forename,
      surname: spec.surname,
      relationship: spec.relationship,
      parentalResponsibility: spec.parentalResponsibility,
      livesWithStudent: spec.livesWithStudent,
      phone: rng.chance(spec.landline) ? this.details.landline() : '',
      mobile: rng.chance(0.95) ? this.details.mobile() : '',
      email: rng.chance(spec.email) ? this.details.personalEmail(forename, spec.surname) : '',
      address: spec.address,
    };
  }

  private title(sex: Sex, relationship: string): string {
    if (sex === 'male') return this.rng.chance(0.04) ? 'Dr' : 'Mr';
    if (relationship === 'Grandmother') return 'Mrs';
    return this.rng.weighted([
      ['Mrs', 50],
      ['Ms', 30],
      ['Miss', 15],
      ['Dr', 4],
      ['Mx', 1],
    ] as const);
  }

  private newId(): string {
    return `C${this.nextId++}`;
  }
}

/** One row per pupil and contact, in the pupils' order, each pupil's contacts by priority. */
export function generateContactRows(ctx: SchoolContext, pupils: readonly Pupil[], rng: Random): ContactRow[] {
  const details = new ContactDetails(rng.fork('details'), ctx.town.name, ctx.town.postcodeArea);
  const builder = new FamilyContacts(rng.fork('people'), details);
  const byFamily = new Map<Family, ContactPerson[]>();
  // Families in creation order, so contact ids do not depend on how pupils are sorted.
  const families = [...new Set(pupils.map((p) => p.family))].sort((a, b) => a.id - b.id);
  for (const family of families) byFamily.set(family, builder.forFamily(family));

  const rows: ContactRow[] = [];
  for (const pupil of pupils) {
    const people = byFamily.get(pupil.family) ?? [];
    people.forEach((c, i) => {
      rows.push({
        student_mis_id: pupil.misId,
        contact_id: c.contactId,
        title: c.title,
        forename: c.forename,
        surname: c.surname,
        relationship: c.relationship,
        priority: String(i + 1),
        parental_responsibility: flag(c.parentalResponsibility),
        lives_with_student: flag(c.livesWithStudent),
        phone: c.phone,
        mobile: c.mobile,
        email: c.email,
        address: c.address,
      });
    });
  }
  return rows;
}
