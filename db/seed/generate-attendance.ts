/**
 * Attendance marks: AM and PM for every pupil on roll on every school day of
 * the window, written straight to the file a day at a time. The hot loop
 * formats lines by hand: the only field that could ever need quoting (the
 * pupil's mis_id) is quoted once per pupil with csv-stringify, and dates,
 * sessions and codes never contain a comma, quote or line break.
 */
import { ATTENDANCE_COLUMNS } from './bundle-columns';
import { buildSchoolDays, type SchoolDay } from './attendance-calendar';
import { attendanceProfile, type AttendanceProfile, type EpisodeKind } from './attendance-profile';
import { weekday, yearsBefore } from './dates';
import type { Pupil, SchoolContext } from './model';
import type { Random } from './random';
import { csvField, StreamedCsvFile } from './write-bundle';

/** Unexplained absences are chased up: only the last fortnight still shows N. */
const N_STAYS_OPEN_DAYS = 14;
const PART_TIME_DAYS = 60;

interface PupilState {
  pupil: Pupil;
  quotedId: string;
  firstDay: number;
  lastDay: number;
  profile: AttendanceProfile;
  episodeCode: string;
  episodeDaysLeft: number;
}

export async function writeAttendance(
  ctx: SchoolContext,
  pupils: readonly Pupil[],
  rng: Random,
  path: string,
): Promise<number> {
  const from = yearsBefore(ctx.today, ctx.opts.attendanceYears) + 1;
  const days = buildSchoolDays(ctx, from, ctx.today, rng.fork('calendar'));
  const profileRng = rng.fork('profiles');
  const markRng = rng.fork('marks');
  const secondary = ctx.opts.phase === 'secondary';
  const states: PupilState[] = pupils.map((pupil) => ({
    pupil,
    quotedId: csvField(pupil.misId),
    firstDay: pupil.startDay,
    lastDay: pupil.leaveDay ?? ctx.today,
    profile: attendanceProfile(pupil, secondary, profileRng),
    episodeCode: '',
    episodeDaysLeft: 0,
  }));

  const file = new StreamedCsvFile(path, ATTENDANCE_COLUMNS);
  let rows = 0;
  try {
    for (const day of days) {
      let lines = '';
      for (const s of states) {
        if (day.day < s.firstDay || day.day > s.lastDay) continue;
        const [am, pm] = marksFor(ctx, day, s, markRng);
        lines += `${s.quotedId},${day.iso},AM,${am}\n${s.quotedId},${day.iso},PM,${pm}\n`;
        rows += 2;
      }
      await file.append(lines);
    }
  } finally {
    await file.close();
  }
  return rows;
}

function marksFor(ctx: SchoolContext, day: SchoolDay, s: PupilState, rng: Random): [string, string] {
  if (day.closure) return [day.closure, day.closure];

  if (s.episodeDaysLeft > 0) {
    s.episodeDaysLeft--;
    return [s.episodeCode, s.episodeCode];
  }

  const p = s.profile;
  const pupil = s.pupil;
  if (rng.next() < p.episodeChance) {
    const kind = rng.weighted(p.episodes);
    const code = episodeCode(ctx, day, kind, rng);
    if (kind.session === 'AM') return [code, '\\'];
    if (kind.session === 'PM') return ['/', code];
    const length = kind.minDays === kind.maxDays ? kind.minDays : rng.int(kind.minDays, kind.maxDays);
    s.episodeCode = code;
    s.episodeDaysLeft = length - 1;
    return [code, code];
  }

  const yearIndex = pupil.yearIndex + (day.schoolYear - pupil.asOfSchoolYear);
  if (day.trips.includes(yearIndex) && rng.next() < 0.45) return ['V', 'V'];
  if (day.workExperience && yearIndex === 10 && p.takesWorkExperience) return ['W', 'W'];
  if (p.observesFestivals && day.festivals.includes(pupil.religion)) return ['R', 'R'];
  if (p.alternativeProvisionDay === weekday(day.day) && day.schoolYear === ctx.schoolYear) {
    return ['K', 'K'];
  }

  let am = '/';
  let pm = '\\';
  const r = rng.next();
  if (r < p.lateChance) am = 'L';
  else if (yearIndex >= 11 && r < p.lateChance + p.interviewChance) am = day.legacy ? 'J' : 'J1';
  else if (r < p.lateChance + 0.004) {
    am = 'B';
    pm = 'B';
  }
  if (rng.next() < 0.003) pm = 'P';
  if (yearIndex === 0 && day.receptionSettlingIn) pm = 'X';
  if (p.partTimeTimetable && ctx.today - day.day < PART_TIME_DAYS) pm = 'C2';
  return [am, pm];
}

function episodeCode(ctx: SchoolContext, day: SchoolDay, kind: EpisodeKind, rng: Random): string {
  // Before 2024 some schools still agreed a few term-time holidays (H); most were refused (G).
  if (day.legacy && kind.legacyCode && rng.next() < 0.25) return kind.legacyCode;
  if (kind.code === 'N' && ctx.today - day.day > N_STAYS_OPEN_DAYS) return 'O';
  return kind.code;
}
