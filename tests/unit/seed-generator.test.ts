import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ACADEMY,
  DEMO_SCHOOLS,
  DEMO_TRUST,
  LARGE_SCHOOL,
  NORTHFIELD_PRIMARY,
  generateSchoolBundle,
  type GenerateSchoolOptions,
  type GeneratedBundle,
} from '@/db/seed';
import { lookupAttendanceCode, LEGACY_CODES_BEFORE } from '@/lib/attendance/codes';
import { isTemporaryUpn, isValidUpn } from '@/lib/mis/upn';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specPath = path.resolve(projectRoot, '../shared/mis-format.md');
const TODAY = '2025-11-20';

type Row = Record<string, string>;

interface Bundle {
  result: GeneratedBundle;
  dir: string;
  headers: Record<string, string[]>;
  students: Row[];
  staff: Row[];
  contacts: Row[];
  attendance: Row[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'haven-seed-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function generate(name: string, opts: GenerateSchoolOptions): Promise<Bundle> {
  const dir = path.join(tmp, name);
  const result = await generateSchoolBundle(dir, opts);
  const read = (file: string): string[][] =>
    parse(readFileSync(path.join(dir, file), 'utf8'), { relax_column_count: false });
  const bundle: Bundle = { result, dir, headers: {}, students: [], staff: [], contacts: [], attendance: [] };
  for (const kind of ['students', 'staff', 'contacts', 'attendance'] as const) {
    const [header = [], ...rows] = read(`${kind}.csv`);
    bundle.headers[kind] = header;
    bundle[kind] = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  }
  return bundle;
}

/** The columns the format file lists for each file, in its order. */
function specColumns(): Record<string, string[]> {
  if (!existsSync(specPath)) throw new Error(`This test checks the bundle against ${specPath}, which is missing`);
  const sections = readFileSync(specPath, 'utf8').split('\n## ');
  const section = (file: string): string => {
    const s = sections.find((x) => x.startsWith(`${file}\n`));
    if (!s) throw new Error(`No "## ${file}" section in the format file`);
    return s;
  };
  // students.csv is a table whose first cell names one or more columns.
  const students = section('students.csv')
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---') && !l.startsWith('| column'))
    .flatMap((l) => (l.split('|')[1] ?? '').split(',').map((c) => c.trim()));
  // The others list their columns in backticks in the first paragraph; values in parentheses are not columns.
  const paragraphColumns = (file: string): string[] => {
    const paragraph = section(file).split('\n\n')[0]?.split('\n').slice(1).join('\n') ?? '';
    return [...paragraph.replace(/\([^)]*\)/g, '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? '');
  };
  return {
    students,
    staff: paragraphColumns('staff.csv'),
    contacts: paragraphColumns('contacts.csv'),
    attendance: paragraphColumns('attendance.csv'),
  };
}

function schoolYearOf(iso: string): number {
  const year = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 9 ? year : year - 1;
}

function yearIndex(yearGroup: string): number {
  return yearGroup === 'Reception' ? 0 : Number(yearGroup.replace('Year ', ''));
}

function addYears(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

describe('seed generator', () => {
  let demo: Bundle;
  let demoAgain: Bundle;
  let northfield: Bundle;
  /** Three years back from June 2025: marks on both sides of the August 2024 code change. */
  let longHistory: Bundle;
  let longOpts: GenerateSchoolOptions;

  beforeAll(async () => {
    demo = await generate('demo', { ...DEMO_ACADEMY, today: TODAY });
    demoAgain = await generate('demo-again', { ...DEMO_ACADEMY, today: TODAY });
    northfield = await generate('northfield', { ...NORTHFIELD_PRIMARY, today: TODAY });
    longOpts = {
      seed: 7,
      slug: 'history',
      name: 'History High School',
      phase: 'secondary',
      sixthForm: true,
      pupils: 150,
      staff: 20,
      attendanceYears: 3,
      today: '2025-06-30',
      emailDomain: 'history.haven.test',
    };
    longHistory = await generate('history', longOpts);
  });

  const all = (): [string, Bundle, GenerateSchoolOptions][] => [
    ['demo', demo, { ...DEMO_ACADEMY, today: TODAY }],
    ['northfield', northfield, { ...NORTHFIELD_PRIMARY, today: TODAY }],
    ['history', longHistory, longOpts],
  ];

  it('is deterministic: the same options give byte-identical files', () => {
    const files = readdirSync(demo.dir).sort();
    expect(files).toEqual(['attendance.csv', 'contacts.csv', 'staff.csv', 'students.csv']);
    for (const f of files) {
      const a = readFileSync(path.join(demo.dir, f));
      const b = readFileSync(path.join(demoAgain.dir, f));
      expect(a.equals(b), f).toBe(true);
    }
    expect(demo.result.files.map((f) => path.basename(f))).toEqual([
      'students.csv',
      'staff.csv',
      'contacts.csv',
      'attendance.csv',
    ]);
  });

  it('gives a different school for a different seed', async () => {
    const other = await generate('other-seed', { ...DEMO_ACADEMY, seed: DEMO_ACADEMY.seed + 1, today: TODAY });
    expect(readFileSync(path.join(other.dir, 'students.csv'), 'utf8')).not.toBe(
      readFileSync(path.join(demo.dir, 'students.csv'), 'utf8'),
    );
  });

  it('writes exactly the columns of ../shared/mis-format.md, in its order', () => {
    const spec = specColumns();
    expect(spec.students).toHaveLength(20);
    expect(spec.staff).toEqual([
      'mis_id',
      'title',
      'forename',
      'surname',
      'email',
      'job_title',
      'start_date',
      'end_date',
      'contract',
    ]);
    expect(spec.contacts).toHaveLength(13);
    expect(spec.attendance).toEqual(['student_mis_id', 'date', 'session', 'code']);
    for (const [, bundle] of all()) {
      for (const kind of ['students', 'staff', 'contacts', 'attendance']) {
        expect(bundle.headers[kind], kind).toEqual(spec[kind]);
      }
    }
  });

  it('writes UTF-8 without a byte-order mark, LF line ends, dates as YYYY-MM-DD and flags as Y/N', () => {
    for (const f of readdirSync(demo.dir)) {
      const text = readFileSync(path.join(demo.dir, f), 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain('\r');
      expect(text.endsWith('\n')).toBe(true);
    }
    for (const [, b] of all()) {
      for (const s of b.students) {
        expect(s.date_of_birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(s.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(s.leaving_date).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
        for (const f of ['pupil_premium', 'eal', 'free_school_meals', 'looked_after']) expect(s[f]).toMatch(/^[YN]$/);
        expect(s.sen_status).toMatch(/^[NKE]$/);
        expect(s.medical_conditions ?? '').not.toMatch(/^;|;$|;;/);
      }
      for (const c of b.contacts) {
        expect(c.parental_responsibility).toMatch(/^[YN]$/);
        expect(c.lives_with_student).toMatch(/^[YN]$/);
      }
      for (const t of b.staff) {
        expect(t.contract).toMatch(/^(full-time|part-time)$/);
        expect(t.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(t.end_date).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      }
    }
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const raw = readFileSync(path.join(demo.dir, 'contacts.csv'), 'utf8');
    expect(demo.contacts.some((c) => c.address?.includes('\n'))).toBe(true);
    expect(demo.contacts.some((c) => c.address?.includes(','))).toBe(true);
    expect(raw).toMatch(/,"[^"]*\n[^"]*"\n/);
  });

  it('gives every pupil a valid, unique UPN, with a few temporary ones', async () => {
    for (const [name, b] of all()) {
      const upns = b.students.map((s) => s.upn ?? '');
      for (const upn of upns) expect(isValidUpn(upn), `${name} ${upn}`).toBe(true);
      expect(new Set(upns).size).toBe(upns.length);
    }
    const demoUpns = new Set(demo.students.map((s) => s.upn));
    expect(northfield.students.filter((s) => demoUpns.has(s.upn ?? ''))).toEqual([]);
  });

  it('keeps mis_ids unique and every contact and mark pointing at a pupil in the file', () => {
    for (const [name, b] of all()) {
      const ids = new Set(b.students.map((s) => s.mis_id));
      expect(ids.size, name).toBe(b.students.length);
      expect(new Set(b.staff.map((s) => s.mis_id)).size, name).toBe(b.staff.length);
      for (const c of b.contacts) expect(ids.has(c.student_mis_id ?? ''), `${name} ${c.student_mis_id}`).toBe(true);
      for (const a of b.attendance)
        if (!ids.has(a.student_mis_id ?? '')) throw new Error(`${name}: mark for unknown ${a.student_mis_id}`);
    }
  });

  it('marks only school days, AM and PM once each, with codes valid on their date, while the pupil is on roll', () => {
    for (const [name, b, opts] of all()) {
      const pupils = new Map(b.students.map((s) => [s.mis_id, s]));
      const seen = new Set<string>();
      const earliest = addYears(opts.today, -opts.attendanceYears);
      for (const a of b.attendance) {
        const { student_mis_id: id = '', date = '', session = '', code = '' } = a;
        if (!lookupAttendanceCode(code, date)) throw new Error(`${name}: ${code} is not valid on ${date}`);
        if (session !== 'AM' && session !== 'PM') throw new Error(`${name}: session ${session}`);
        const key = `${id}|${date}|${session}`;
        if (seen.has(key)) throw new Error(`${name}: two marks for ${key}`);
        seen.add(key);
        const p = pupils.get(id);
        if (!p || date < (p.start_date ?? '') || (p.leaving_date && date > p.leaving_date)) {
          throw new Error(`${name}: ${id} marked on ${date} while not on roll`);
        }
        if (date > opts.today || date <= earliest) throw new Error(`${name}: ${date} outside the window`);
        const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) throw new Error(`${name}: mark on a weekend, ${date}`);
      }
      for (const key of seen) {
        const other = key.endsWith('AM') ? key.replace(/AM$/, 'PM') : key.replace(/PM$/, 'AM');
        if (!seen.has(other)) throw new Error(`${name}: ${key} without its other session`);
      }
    }
  });

  it('uses legacy codes only before 19 August 2024, and the new ones after', () => {
    const legacy = longHistory.attendance.filter((a) => ['H', 'F', 'J', 'Y'].includes(a.code ?? ''));
    expect(legacy.length).toBeGreaterThan(0);
    for (const a of legacy) expect((a.date ?? '') < LEGACY_CODES_BEFORE).toBe(true);
    expect(longHistory.attendance.some((a) => a.code === 'J1' && (a.date ?? '') >= LEGACY_CODES_BEFORE)).toBe(true);
  });

  it('looks like a real school’s attendance: about 94% attending, a few persistently absent pupils', () => {
    for (const [name, b] of all()) {
      let attending = 0;
      let possible = 0;
      const absentByPupil = new Map<string, [number, number]>();
      for (const a of b.attendance) {
        const category = lookupAttendanceCode(a.code ?? '', a.date ?? '')?.category;
        if (category === 'not_counted') continue;
        possible++;
        const present = category === 'present' || category === 'approved_activity';
        if (present) attending++;
        const t = absentByPupil.get(a.student_mis_id ?? '') ?? [0, 0];
        absentByPupil.set(a.student_mis_id ?? '', [t[0] + (present ? 0 : 1), t[1] + 1]);
      }
      expect(attending / possible, name).toBeGreaterThan(0.9);
      expect(attending / possible, name).toBeLessThan(0.97);
      const persistent = [...absentByPupil.values()].filter(([absent, all]) => all >= 40 && absent / all >= 0.1).length;
      expect(persistent, name).toBeGreaterThan(0);
      expect(persistent / absentByPupil.size, name).toBeLessThan(0.25);
      const codes = new Set(b.attendance.map((a) => a.code));
      for (const c of ['/', '\\', 'L', 'I', 'M', 'O']) expect(codes.has(c), `${name} ${c}`).toBe(true);
    }
  });

  it('gives dates of birth that fit the year group (Year 7 = 11 on 31 August)', () => {
    for (const [name, b, opts] of all()) {
      for (const s of b.students) {
        // A leaver's year group is the one they left from.
        const schoolYear = schoolYearOf(s.leaving_date || opts.today);
        const y = yearIndex(s.year_group ?? '');
        const from = `${schoolYear - y - 5}-09-01`;
        const to = `${schoolYear - y - 4}-08-31`;
        const dob = s.date_of_birth ?? '';
        expect(dob >= from && dob <= to, `${name} ${s.mis_id} ${s.year_group} born ${dob}`).toBe(true);
        expect((s.start_date ?? '') <= opts.today, `${name} ${s.mis_id} starts later`).toBe(true);
        if (opts.phase === 'secondary') expect(s.tutor_group?.startsWith(String(y)), `${s.mis_id}`).toBe(true);
      }
    }
    const demoYears = new Set(demo.students.map((s) => s.year_group));
    expect([...demoYears].sort()).toEqual(['Year 10', 'Year 11', 'Year 7', 'Year 8', 'Year 9']);
    expect(new Set(northfield.students.map((s) => s.year_group)).size).toBe(7);
    expect(longHistory.students.some((s) => s.year_group === 'Year 13')).toBe(true);
  });

  it('gives siblings the same parental-responsibility contact, with the same details on every row', () => {
    for (const [name, b] of all()) {
      const byContact = new Map<string, Row[]>();
      for (const c of b.contacts) byContact.set(c.contact_id ?? '', [...(byContact.get(c.contact_id ?? '') ?? []), c]);
      const personal = [
        'title',
        'forename',
        'surname',
        'phone',
        'mobile',
        'email',
        'address',
        'parental_responsibility',
      ];
      for (const [id, rows] of byContact) {
        for (const r of rows) for (const f of personal) expect(r[f], `${name} ${id} ${f}`).toBe(rows[0]?.[f]);
      }
      const siblingLinks = [...byContact.values()].filter(
        (rows) => rows[0]?.parental_responsibility === 'Y' && new Set(rows.map((r) => r.student_mis_id)).size >= 2,
      );
      expect(siblingLinks.length, name).toBeGreaterThan(0);
      // Each pupil's contacts are numbered 1..n.
      const priorities = new Map<string, number[]>();
      for (const c of b.contacts) {
        const id = c.student_mis_id ?? '';
        priorities.set(id, [...(priorities.get(id) ?? []), Number(c.priority)]);
      }
      for (const [id, list] of priorities) expect(list, `${name} ${id}`).toEqual(list.map((_, i) => i + 1));
    }
    const prOf = (id: string): Set<string> =>
      new Set(
        demo.contacts
          .filter((c) => c.student_mis_id === id && c.parental_responsibility === 'Y')
          .map((c) => c.contact_id ?? ''),
      );
    const shared = [...prOf('S0003')].filter((c) => prOf('S0004').has(c));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('uses only fake contact details: Ofcom drama numbers and reserved email domains', () => {
    for (const [, b] of all()) {
      for (const c of b.contacts) {
        expect(c.mobile).toMatch(/^(07700 900\d{3})?$/);
        expect(c.phone).toMatch(/^(01632 960\d{3})?$/);
        expect(c.email).toMatch(/^([a-z0-9.-]+@([a-z-]+\.)?example\.(org|com))?$/);
      }
    }
    for (const s of demo.staff) expect(s.email).toMatch(/^[a-z0-9.-]+@demo\.haven\.test$/);
    expect(new Set(demo.staff.map((s) => s.email)).size).toBe(demo.staff.length);
  });

  it('has names with accents and apostrophes, and preferred names that differ', () => {
    for (const [name, b] of all()) {
      const names = b.students.flatMap((s) => [s.legal_forename ?? '', s.legal_surname ?? '']);
      expect(
        names.some((n) => /[^\x00-\x7f]/.test(n)),
        name,
      ).toBe(true);
      expect(
        b.students.some((s) => s.preferred_forename),
        name,
      ).toBe(true);
    }
    const everyone = [demo, northfield, longHistory].flatMap((b) => b.students.map((s) => s.legal_surname ?? ''));
    expect(everyone.some((n) => n.includes("'"))).toBe(true);
  });

  it('contains the demo trust’s fixed pupils', () => {
    const zoe = demo.students.filter((s) => s.legal_forename === 'Zoë' && s.legal_surname === "O'Brien");
    expect(zoe).toHaveLength(1);
    expect(zoe[0]).toMatchObject({ mis_id: 'S0001', year_group: 'Year 7', tutor_group: '7A', leaving_date: '' });
    expect(demo.students.filter((s) => s.tutor_group === '8B' && !s.leaving_date).length).toBeGreaterThan(5);
    expect(demo.students.find((s) => s.mis_id === 'S0002')).toMatchObject({
      tutor_group: '8B',
      preferred_forename: 'Seun',
    });
    expect(demo.students.find((s) => s.mis_id === 'S0005')).toMatchObject({ looked_after: 'Y', sen_status: 'E' });
    for (const school of DEMO_SCHOOLS) {
      const bundle = school.slug === 'demo' ? demo : northfield;
      for (const f of school.fixedPupils ?? []) {
        const row = bundle.students.find((s) => s.mis_id === f.misId);
        expect(row, f.misId).toMatchObject({
          legal_forename: f.legalForename,
          legal_surname: f.legalSurname,
          year_group: f.yearGroup,
          tutor_group: f.tutorGroup,
          upn: f.upn,
        });
        expect(isValidUpn(f.upn ?? ''), f.misId).toBe(true);
        // A fixed pupil's class is one of the school's real classes, not a class of one.
        expect(bundle.students.filter((s) => s.tutor_group === f.tutorGroup).length, f.misId).toBeGreaterThan(5);
        // No generated pupil shares a fixed pupil's name, so tests can find them by name.
        expect(
          bundle.students.filter((s) => s.legal_forename === f.legalForename && s.legal_surname === f.legalSurname),
        ).toHaveLength(1);
      }
      for (const t of school.fixedStaff ?? []) {
        expect(bundle.staff.find((s) => s.mis_id === t.misId)).toMatchObject({
          forename: t.forename,
          surname: t.surname,
          job_title: t.jobTitle,
        });
      }
    }
    expect(DEMO_TRUST.timeZone).toBe('Europe/London');
    expect(DEMO_SCHOOLS.map((s) => s.slug)).toEqual(['demo', 'northfield']);
  });

  it('matches the counts asked for', () => {
    for (const [name, b, opts] of all()) {
      const onRoll = b.students.filter((s) => !s.leaving_date || s.leaving_date >= opts.today);
      const leavers = b.students.length - onRoll.length;
      expect(onRoll.length, name).toBe(opts.pupils);
      expect(leavers, name).toBeGreaterThan(0);
      expect(leavers, name).toBeLessThanOrEqual(Math.ceil(opts.pupils * 0.05));
      expect(b.staff.length, name).toBe(opts.staff);
      expect(b.contacts.length / b.students.length, name).toBeGreaterThan(1.5);
      expect(b.contacts.length / b.students.length, name).toBeLessThan(3);
      expect(b.result.counts, name).toEqual({
        students: b.students.length,
        staff: b.staff.length,
        contacts: b.contacts.length,
        attendance: b.attendance.length,
      });
      // Staff who have left, and a new starter not yet in post, are in the file as an MIS would have them.
      if (opts.staff >= 20) {
        expect(
          b.staff.some((s) => s.end_date && s.end_date < opts.today),
          name,
        ).toBe(true);
        expect(
          b.staff.some((s) => (s.start_date ?? '') > opts.today),
          name,
        ).toBe(true);
      }
      for (const role of ['Headteacher', 'Designated Safeguarding Lead', 'SENCO']) {
        expect(
          b.staff.some((s) => s.job_title === role),
          `${name} ${role}`,
        ).toBe(true);
      }
    }
  });

  it('never reads the clock or Math.random while generating', () => {
    // Every module the generator is built from, found by following relative imports from index.ts.
    const dir = path.join(projectRoot, 'db/seed');
    const pending = ['index.ts'];
    const checked = new Set<string>();
    while (pending.length > 0) {
      const f = pending.pop() ?? '';
      if (checked.has(f)) continue;
      checked.add(f);
      // Comments may mention them (to say why they are not used); code may not.
      const source = readFileSync(path.join(dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(source, f).not.toMatch(/Math\.random|Date\.now|new Date\(\)|performance\.now/);
      for (const m of source.matchAll(/from '\.\/([a-z-]+)'/g)) pending.push(`${m[1]}.ts`);
    }
    expect(checked.size).toBeGreaterThan(10);
  });

  it('generates the 2,000-pupil school with a year of attendance in under 20 s', async () => {
    const started = performance.now();
    const large = await generateSchoolBundle(path.join(tmp, 'large'), {
      ...LARGE_SCHOOL,
      attendanceYears: 1,
      today: TODAY,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    expect(large.counts.students).toBeGreaterThanOrEqual(2000);
    expect(large.counts.staff).toBe(150);
    expect(large.counts.contacts).toBeGreaterThan(3500);
    expect(large.counts.contacts).toBeLessThan(5500);
    expect(large.counts.attendance).toBeGreaterThan(600_000);
    const students: Row[] = parse(readFileSync(path.join(tmp, 'large', 'students.csv'), 'utf8'), { columns: true });
    expect(students.every((s) => isValidUpn(s.upn ?? ''))).toBe(true);
    expect(students.filter((s) => isTemporaryUpn(s.upn ?? '')).length).toBeGreaterThan(0);
    expect(new Set(students.map((s) => s.upn)).size).toBe(students.length);
  });
});
