/**
 * Staff: the leadership and safeguarding roles every school has, then
 * teachers, teaching assistants and support staff, with a few who have left
 * (end date passed), one leaving soon, and one new starter not yet in post:
 * the "New user" list offers only current full-time staff, so all of these
 * cases must appear.
 */
import { type StaffRow } from './bundle-columns';
import { emailPart } from './contact-details';
import { dayOf, onOrAfter, schoolYearOf, toIso } from './dates';
import type { SchoolContext } from './model';
import { backgroundByKey } from './names';
import { pickAdultForename, pickBackground, pickSurname, surnameFor, type Sex } from './name-picker';
import type { Random } from './random';
import { classNames, cohortSizes } from './school-shape';

type Kind = 'leader' | 'teacher' | 'assistant' | 'support' | 'midday';

interface Role {
  jobTitle: string;
  kind: Kind;
}

const SUBJECTS = [
  'Maths',
  'English',
  'Science',
  'History',
  'Geography',
  'French',
  'Spanish',
  'Art',
  'Music',
  'Drama',
  'PE',
  'Computing',
  'Religious Education',
  'Design and Technology',
  'Business Studies',
  'Psychology',
];

const SECONDARY_FILL: readonly (readonly [Kind | 'subject' | 'head-of-subject', number, string])[] = [
  ['subject', 55, ''],
  ['head-of-subject', 4, ''],
  ['assistant', 14, 'Teaching Assistant'],
  ['assistant', 5, 'Learning Support Assistant'],
  ['support', 4, 'Administrator'],
  ['support', 3, 'Cover Supervisor'],
  ['support', 3, 'Science Technician'],
  ['support', 2, 'Receptionist'],
  ['support', 1, 'Exams Officer'],
  ['support', 1, 'Librarian'],
  ['support', 1, 'Family Support Worker'],
];

const PRIMARY_FILL: readonly (readonly [Kind, number, string])[] = [
  ['assistant', 50, 'Teaching Assistant'],
  ['assistant', 8, 'Higher Level Teaching Assistant'],
  ['assistant', 5, 'Early Years Practitioner'],
  ['teacher', 12, 'Teacher'],
  ['midday', 10, 'Midday Supervisor'],
  ['support', 4, 'Administrator'],
  ['support', 3, 'Family Support Worker'],
  ['support', 2, 'Site Manager'],
];

function requiredRoles(ctx: SchoolContext): Role[] {
  const leader = (jobTitle: string): Role => ({ jobTitle, kind: 'leader' });
  const support = (jobTitle: string): Role => ({ jobTitle, kind: 'support' });
  const roles = [
    leader('Headteacher'),
    leader('Deputy Headteacher'),
    leader('Designated Safeguarding Lead'),
    leader('Deputy DSL'),
    leader('SENCO'),
  ];
  if (ctx.opts.phase === 'secondary') {
    roles.push(leader('Assistant Headteacher'));
    for (const y of ctx.years) {
      if (y.index <= 11) roles.push({ jobTitle: `Head of Year ${y.index}`, kind: 'teacher' });
    }
    if (ctx.years.some((y) => y.index >= 12)) roles.push({ jobTitle: 'Head of Sixth Form', kind: 'teacher' });
    roles.push(
      support('Attendance Officer'),
      support('Office Manager'),
      support('Data Manager'),
      support('Pastoral Manager'),
    );
  } else {
    const cohorts = cohortSizes(ctx.opts.pupils, ctx.years);
    for (const y of ctx.years) {
      for (const c of classNames('primary', y.index, cohorts.get(y.index) ?? 0)) {
        roles.push({ jobTitle: `Class Teacher (${c})`, kind: 'teacher' });
      }
    }
    roles.push(support('School Business Manager'), support('Office Administrator'));
  }
  return roles;
}

function fillRole(ctx: SchoolContext, rng: Random): Role {
  if (ctx.opts.phase === 'primary') {
    const [kind, , jobTitle] = rng.weighted(PRIMARY_FILL.map((r) => [r, r[1]] as const));
    return { kind, jobTitle };
  }
  const [kind, , jobTitle] = rng.weighted(SECONDARY_FILL.map((r) => [r, r[1]] as const));
  if (kind === 'subject') return { kind: 'teacher', jobTitle: `Teacher of ${rng.pick(SUBJECTS)}` };
  if (kind === 'head-of-subject') return { kind: 'teacher', jobTitle: `Head of ${rng.pick(SUBJECTS)}` };
  return { kind, jobTitle };
}

const FULL_TIME_CHANCE: Readonly<Record<Kind, number>> = {
  leader: 1,
  teacher: 0.8,
  assistant: 0.35,
  support: 0.6,
  midday: 0,
};

export function generateStaffRows(ctx: SchoolContext, rng: Random): StaffRow[] {
  const { opts, today } = ctx;
  const fixed = opts.fixedStaff ?? [];
  const usedEmails = new Set<string>();
  const rows: StaffRow[] = [];

  for (const f of fixed) {
    const email = f.email ?? uniqueEmail(usedEmails, f.forename, f.surname, opts.emailDomain);
    usedEmails.add(email);
    rows.push({
      mis_id: f.misId,
      title: f.title,
      forename: f.forename,
      surname: f.surname,
      email,
      job_title: f.jobTitle,
      start_date: f.startDate ?? toIso(dayOf(schoolYearOf(today) - 5, 9, 1)),
      end_date: f.endDate ?? '',
      contract: f.contract ?? 'full-time',
    });
  }

  const fixedTitles = new Set(fixed.map((f) => f.jobTitle));
  const roles = requiredRoles(ctx).filter((r) => !fixedTitles.has(r.jobTitle));
  const total = Math.max(0, opts.staff - fixed.length);
  roles.length = Math.min(roles.length, total);
  while (roles.length < total) roles.push(fillRole(ctx, rng));

  // Leavers, someone leaving soon and a new starter come from the ordinary roles, never the leadership.
  const ordinary = roles.map((r, i) => i).filter((i) => roles[i]?.kind !== 'leader');
  const shuffled = rng.shuffle(ordinary);
  const pastLeavers = new Set(shuffled.slice(0, Math.round(total * 0.05)));
  const leavingSoon = total >= 20 ? shuffled[pastLeavers.size] : undefined;
  const newStarter = total >= 20 ? shuffled[pastLeavers.size + 1] : undefined;

  const generated: StaffRow[] = roles.map((role, i) => {
    const sex: Sex = rng.chance(role.kind === 'assistant' || role.kind === 'midday' ? 0.85 : 0.62) ? 'female' : 'male';
    const background = rng.chance(0.6) ? backgroundByKey('white_british') : pickBackground(rng);
    const forename = pickAdultForename(background, sex, rng);
    const surname = surnameFor(pickSurname(background, rng), sex);
    let start = startDay(rng, today, role.kind === 'leader' ? 3 : 0);
    let end: number | null = null;
    if (pastLeavers.has(i)) {
      end = rng.int(today - 700, today - 1);
      start = Math.min(start, end - rng.int(120, 2000));
    } else if (i === leavingSoon) {
      end = today + rng.int(10, 120);
    } else if (i === newStarter) {
      // Starts on a Monday a few weeks from now: in the MIS already, not yet in post.
      start = onOrAfter(today + rng.int(14, 42), 1);
    }
    const email = uniqueEmail(usedEmails, forename, surname, opts.emailDomain);
    usedEmails.add(email);
    return {
      mis_id: '',
      title: staffTitle(rng, sex),
      forename,
      surname,
      email,
      job_title: role.jobTitle,
      start_date: toIso(start),
      end_date: end === null ? '' : toIso(end),
      contract: rng.chance(FULL_TIME_CHANCE[role.kind]) ? 'full-time' : 'part-time',
    };
  });

  // Staff ids rise with start date, as MIS numbering does; fixed staff keep theirs.
  const used = new Set(fixed.map((f) => f.misId));
  let next = 1;
  const byStart = generated
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row.start_date < b.row.start_date ? -1 : a.row.start_date > b.row.start_date ? 1 : a.i - b.i));
  for (const { row } of byStart) {
    while (used.has(staffId(next))) next++;
    row.mis_id = staffId(next++);
  }
  return [...rows, ...generated].sort((a, b) => (a.mis_id < b.mis_id ? -1 : a.mis_id > b.mis_id ? 1 : 0));
}

function staffId(n: number): string {
  return `T${String(n).padStart(3, '0')}`;
}

/** Most staff join on 1 September, some at the January or April term start. */
function startDay(rng: Random, today: number, minYearsAgo: number): number {
  for (;;) {
    const year = schoolYearOf(today) - rng.int(minYearsAgo, 22);
    const day = rng.weighted([
      [dayOf(year, 9, 1), 70],
      [onOrAfter(dayOf(year + 1, 1, 3), 1), 15],
      [onOrAfter(dayOf(year + 1, 4, 15), 1), 15],
    ] as const);
    if (day <= today) return day;
  }
}

function staffTitle(rng: Random, sex: Sex): string {
  if (sex === 'male')
    return rng.weighted([
      ['Mr', 94],
      ['Dr', 5],
      ['Mx', 1],
    ] as const);
  return rng.weighted([
    ['Mrs', 45],
    ['Ms', 30],
    ['Miss', 20],
    ['Dr', 4],
    ['Mx', 1],
  ] as const);
}

/** initial.surname@domain, as schools usually do, then forename.surname, then numbered. */
function uniqueEmail(used: Set<string>, forename: string, surname: string, domain: string): string {
  const f = emailPart(forename);
  const s = emailPart(surname);
  const candidates = [`${f.charAt(0)}.${s}`, `${f}.${s}`];
  for (const c of candidates) if (!used.has(`${c}@${domain}`)) return `${c}@${domain}`;
  for (let n = 2; ; n++) if (!used.has(`${f}.${s}${n}@${domain}`)) return `${f}.${s}${n}@${domain}`;
}
