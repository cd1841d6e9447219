/**
 * Pupils and their families. Families are drawn first (one to three children
 * in different year groups, now and then twins), because siblings share
 * contacts, free school meals, language at home and religion, and the
 * importer links siblings through their shared contacts.
 */
import { schoolYearOf, toDay, toIso, yearOf } from './dates';
import type { Family, Pupil, SchoolContext } from './model';
import { backgroundByKey, type Background } from './names';
import { pickBackground, pickChildForename, pickNickname, pickSurname, surnameFor, type Sex } from './name-picker';
import {
  dateOfBirthDay,
  pickAdmission,
  pickAttendancePattern,
  pickMedicalConditions,
  pickSenStatus,
  recordedEthnicity,
} from './pupil-details';
import type { Random } from './random';
import { classNames, cohortSizes, parseYearGroup } from './school-shape';
import { isSchoolDay } from './term-dates';
import type { FixedPupil } from './types';
import { UpnAllocator } from './upn-allocator';

/** Siblings born less than this many days apart would be implausible (twins aside). */
const MIN_SIBLING_GAP_DAYS = 300;

export function generatePupils(ctx: SchoolContext, rng: Random): Pupil[] {
  return new PupilBuilder(ctx, rng).build();
}

class PupilBuilder {
  private readonly upns: UpnAllocator;
  private readonly familyRng: Random;
  private readonly detailRng: Random;
  private readonly reservedNames: Set<string>;
  private readonly cohorts: Map<number, number>;
  private readonly remaining = new Map<number, number>();
  private readonly pupils: Pupil[] = [];
  private nextFamilyId = 1;

  constructor(
    private readonly ctx: SchoolContext,
    rng: Random,
  ) {
    const fixed = ctx.opts.fixedPupils ?? [];
    this.upns = new UpnAllocator(ctx.opts.seed, rng.fork('upn'));
    for (const f of fixed) if (f.upn) this.upns.reserve(f.upn);
    this.familyRng = rng.fork('families');
    this.detailRng = rng.fork('pupil-details');
    // End-to-end tests find fixed pupils by name, so no generated pupil may share one.
    this.reservedNames = new Set(fixed.map((f) => nameKey(f.legalForename, f.legalSurname)));
    this.cohorts = cohortSizes(ctx.opts.pupils, ctx.years);
    for (const [index, size] of this.cohorts) this.remaining.set(index, size);
  }

  build(): Pupil[] {
    this.addFixedPupils();
    this.addRandomFamilies();
    this.addLeavers();
    this.assignTutorGroups();
    this.assignMisIds();
    return this.pupils.sort((a, b) => (a.misId < b.misId ? -1 : a.misId > b.misId ? 1 : 0));
  }

  private addFixedPupils(): void {
    const families = new Map<string, Family>();
    for (const f of this.ctx.opts.fixedPupils ?? []) {
      const yearIndex = parseYearGroup(f.yearGroup);
      if (yearIndex === null || !this.ctx.years.some((y) => y.index === yearIndex)) {
        throw new Error(`Fixed pupil ${f.misId}: "${f.yearGroup}" is not a year group of this school`);
      }
      const key = f.family ?? `pupil:${f.misId}`;
      let family = families.get(key);
      if (!family) {
        family = this.newFamily(backgroundByKey(f.background ?? 'white_british'), f.legalSurname);
        family.lookedAfter = f.lookedAfter ?? false;
        if (f.freeSchoolMeals !== undefined) family.freeSchoolMeals = f.freeSchoolMeals;
        families.set(key, family);
      }
      this.remaining.set(yearIndex, Math.max(0, (this.remaining.get(yearIndex) ?? 0) - 1));
      this.pupils.push(this.fixedPupil(f, family, yearIndex));
    }
  }

  private fixedPupil(f: FixedPupil, family: Family, yearIndex: number): Pupil {
    const rng = this.detailRng;
    const admission = pickAdmission(this.ctx, rng, yearIndex, this.ctx.schoolYear, this.ctx.today);
    const startDay = f.startDate ? toDay(f.startDate) : admission.startDay;
    const senStatus = f.senStatus ?? 'N';
    const pupil: Pupil = {
      misId: f.misId,
      upn: f.upn ?? this.upns.allocate(this.ctx.schoolYear - yearIndex, false),
      legalForename: f.legalForename,
      legalSurname: f.legalSurname,
      preferredForename: f.preferredForename ?? '',
      preferredSurname: f.preferredSurname ?? '',
      dateOfBirth: f.dateOfBirth ?? toIso(dateOfBirthDay(rng, yearIndex, this.ctx.schoolYear)),
      gender: f.gender,
      yearIndex,
      asOfSchoolYear: this.ctx.schoolYear,
      tutorGroup: f.tutorGroup ?? '',
      senStatus,
      ethnicity: f.ethnicity ?? family.background.ethnicity,
      religion: f.religion ?? family.religion,
      pupilPremium: f.pupilPremium ?? (family.freeSchoolMeals || family.lookedAfter),
      eal: f.eal ?? family.eal,
      freeSchoolMeals: f.freeSchoolMeals ?? family.freeSchoolMeals,
      lookedAfter: f.lookedAfter ?? family.lookedAfter,
      medicalConditions: f.medicalConditions ?? [],
      startDay,
      leaveDay: null,
      attendance: f.attendance ?? 'typical',
      fixed: true,
      family,
    };
    family.children.push(pupil);
    return pupil;
  }

  private addRandomFamilies(): void {
    const rng = this.familyRng;
    while (this.totalRemaining() > 0) {
      const family = this.newFamily(pickBackground(rng), null);
      const size = rng.weighted([
        [1, 74],
        [2, 21],
        [3, 5],
      ] as const);
      let previous: Pupil | undefined;
      for (let i = 0; i < size; i++) {
        const twin = previous !== undefined && rng.chance(0.03) && (this.remaining.get(previous.yearIndex) ?? 0) > 0;
        const yearIndex = twin && previous ? previous.yearIndex : this.pickYear(family);
        if (yearIndex === null) break;
        this.remaining.set(yearIndex, (this.remaining.get(yearIndex) ?? 0) - 1);
        previous = this.randomPupil(family, yearIndex, this.ctx.schoolYear, null, twin ? previous : undefined);
        this.pupils.push(previous);
      }
    }
  }

  /** A few pupils who left during the past months: the importer must archive them, never delete them. */
  private addLeavers(): void {
    const { opts, today } = this.ctx;
    const rng = this.familyRng;
    const count = opts.pupils >= 20 ? Math.max(1, Math.round(opts.pupils * 0.015)) : 0;
    for (let i = 0; i < count; i++) {
      let leaveDay = rng.int(today - 250, today - 1);
      while (!isSchoolDay(leaveDay)) leaveDay--;
      const schoolYear = schoolYearOf(leaveDay);
      const yearIndex = rng.pick(this.ctx.years).index;
      const family = this.newFamily(pickBackground(rng), null);
      this.pupils.push(this.randomPupil(family, yearIndex, schoolYear, leaveDay, undefined));
    }
  }

  private randomPupil(
    family: Family,
    yearIndex: number,
    schoolYear: number,
    leaveDay: number | null,
    twinOf: Pupil | undefined,
  ): Pupil {
    const rng = this.detailRng;
    const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
    const legalSurname = surnameFor(family.surname, sex);
    let legalForename = pickChildForename(family.background, sex, rng);
    for (let i = 0; i < 20; i++) {
      const clash =
        this.reservedNames.has(nameKey(legalForename, legalSurname)) ||
        family.children.some((c) => c.legalForename === legalForename);
      if (!clash) break;
      legalForename = pickChildForename(family.background, sex, rng);
    }
    const dob = twinOf ? toDay(twinOf.dateOfBirth) : this.siblingSpacedBirthday(family, yearIndex, schoolYear);
    const admission = twinOf
      ? { startDay: twinOf.startDay, inYear: false }
      : pickAdmission(this.ctx, rng, yearIndex, schoolYear, leaveDay ?? this.ctx.today);
    // New arrivals from abroad often have a temporary UPN until the permanent one comes through.
    const temporary = (admission.inYear && family.eal && rng.chance(0.5)) || rng.chance(0.004);
    const upnYear = admission.inYear ? yearOf(admission.startDay) : schoolYear - yearIndex;
    const senStatus = pickSenStatus(rng);
    const nickname = pickNickname(legalForename, rng);
    const otherName = !nickname && rng.chance(0.015) ? pickChildForename(family.background, sex, rng) : '';
    const pupil: Pupil = {
      misId: '',
      upn: this.upns.allocate(upnYear, temporary),
      legalForename,
      legalSurname,
      preferredForename: nickname ?? (otherName !== legalForename ? otherName : ''),
      preferredSurname: rng.chance(0.02) ? surnameFor(pickSurname(family.background, rng), sex) : '',
      dateOfBirth: toIso(dob),
      gender: sex === 'male' ? 'Male' : 'Female',
      yearIndex,
      asOfSchoolYear: schoolYear,
      tutorGroup: '',
      senStatus,
      ethnicity: recordedEthnicity(rng, family),
      religion: family.religion,
      pupilPremium: family.freeSchoolMeals || family.lookedAfter || rng.chance(0.06),
      eal: family.eal,
      freeSchoolMeals: family.freeSchoolMeals,
      lookedAfter: family.lookedAfter,
      medicalConditions: pickMedicalConditions(rng),
      startDay: admission.startDay,
      leaveDay,
      attendance: pickAttendancePattern(rng, family, senStatus),
      fixed: false,
      family,
    };
    if (pupil.preferredSurname === pupil.legalSurname) pupil.preferredSurname = '';
    family.children.push(pupil);
    return pupil;
  }

  private siblingSpacedBirthday(family: Family, yearIndex: number, schoolYear: number): number {
    const rng = this.detailRng;
    let dob = dateOfBirthDay(rng, yearIndex, schoolYear);
    for (let i = 0; i < 10; i++) {
      const tooClose = family.children.some((c) => Math.abs(toDay(c.dateOfBirth) - dob) < MIN_SIBLING_GAP_DAYS);
      if (!tooClose) break;
      dob = dateOfBirthDay(rng, yearIndex, schoolYear);
    }
    return dob;
  }

  private newFamily(background: Background, surname: string | null): Family {
    const rng = this.familyRng;
    // Free school meals and language at home are family circumstances, so siblings share them.
    const family: Family = {
      id: this.nextFamilyId++,
      background,
      surname: surname ?? pickSurname(background, rng),
      lookedAfter: surname === null && rng.chance(0.007),
      freeSchoolMeals: rng.chance(0.24),
      eal: rng.chance(background.eal),
      religion: rng.weighted(background.religions),
      children: [],
    };
    return family;
  }

  /** A year group with places left, weighted by places left, not already holding a sibling. */
  private pickYear(family: Family): number | null {
    const choices: [number, number][] = [];
    for (const [index, left] of this.remaining) {
      if (left > 0 && !family.children.some((c) => c.yearIndex === index)) choices.push([index, left]);
    }
    return choices.length === 0 ? null : this.familyRng.weighted(choices);
  }

  private totalRemaining(): number {
    let total = 0;
    for (const left of this.remaining.values()) total += left;
    return total;
  }

  /** Fills each year's classes evenly; fixed pupils keep the class they were given. */
  private assignTutorGroups(): void {
    const rng = this.familyRng;
    for (const year of this.ctx.years) {
      const groups = classNames(this.ctx.opts.phase, year.index, this.cohorts.get(year.index) ?? 0);
      const sizes = new Map(groups.map((g) => [g, 0]));
      const inYear = this.pupils.filter((p) => p.yearIndex === year.index);
      for (const p of inYear) if (p.tutorGroup) sizes.set(p.tutorGroup, (sizes.get(p.tutorGroup) ?? 0) + 1);
      for (const p of rng.shuffle(inYear.filter((q) => !q.tutorGroup))) {
        let best = groups[0] ?? '';
        for (const g of groups) if ((sizes.get(g) ?? 0) < (sizes.get(best) ?? 0)) best = g;
        p.tutorGroup = best;
        sizes.set(best, (sizes.get(best) ?? 0) + 1);
      }
    }
  }

  /** Admission numbers rise with the date a pupil joined, as they do in an MIS. */
  private assignMisIds(): void {
    const rng = this.familyRng;
    const used = new Set(this.pupils.filter((p) => p.fixed).map((p) => p.misId));
    const generated = this.pupils
      .filter((p) => !p.fixed)
      .map((p) => ({ p, tiebreak: rng.next() }))
      .sort((a, b) => a.p.startDay - b.p.startDay || a.tiebreak - b.tiebreak);
    let next = 1001;
    for (const { p } of generated) {
      while (used.has(`S${next}`)) next++;
      p.misId = `S${next}`;
      used.add(p.misId);
      next++;
    }
  }
}

function nameKey(forename: string, surname: string): string {
  return `${forename}\u0000${surname}`.toLowerCase();
}
