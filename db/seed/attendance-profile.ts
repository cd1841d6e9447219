/**
 * How each pupil's absences are drawn. Absence comes in episodes (a few days
 * of illness, a morning at the dentist, a week's term-time holiday), so a
 * pupil's chance of starting an episode on a given day is set from how much
 * of the year they should miss and how long their episodes last. About 94% of
 * all sessions end up present, in line with English schools; persistently
 * absent pupils (10%+ missed) and a few severely absent ones (50%+) stand out
 * in reports as they would in a real school.
 */
import type { Pupil } from './model';
import type { Random } from './random';

export type Session = 'AM' | 'PM' | 'both';

export interface EpisodeKind {
  /** Code before 19 August 2024 and after, when they differ (H became G for unagreed holidays…). */
  code: string;
  legacyCode?: string;
  weight: number;
  /** Days, inclusive range; sessions apply only to single-day episodes. */
  minDays: number;
  maxDays: number;
  session: Session;
}

const TYPICAL: readonly EpisodeKind[] = [
  { code: 'I', weight: 58, minDays: 1, maxDays: 3, session: 'both' },
  { code: 'M', weight: 12, minDays: 1, maxDays: 1, session: 'AM' },
  { code: 'M', weight: 5, minDays: 1, maxDays: 1, session: 'PM' },
  { code: 'O', weight: 7, minDays: 1, maxDays: 1, session: 'both' },
  { code: 'N', weight: 5, minDays: 1, maxDays: 1, session: 'AM' },
  { code: 'U', weight: 4, minDays: 1, maxDays: 1, session: 'AM' },
  { code: 'G', legacyCode: 'H', weight: 4, minDays: 3, maxDays: 5, session: 'both' },
  { code: 'C', weight: 3, minDays: 1, maxDays: 1, session: 'both' },
  { code: 'E', weight: 0.8, minDays: 1, maxDays: 3, session: 'both' },
  { code: 'T', weight: 0.5, minDays: 2, maxDays: 5, session: 'both' },
];

const PERSISTENT: readonly EpisodeKind[] = [
  { code: 'O', weight: 35, minDays: 1, maxDays: 3, session: 'both' },
  { code: 'I', weight: 28, minDays: 1, maxDays: 3, session: 'both' },
  { code: 'N', weight: 10, minDays: 1, maxDays: 1, session: 'both' },
  { code: 'G', weight: 10, minDays: 3, maxDays: 5, session: 'both' },
  { code: 'U', weight: 8, minDays: 1, maxDays: 1, session: 'AM' },
  { code: 'M', weight: 4, minDays: 1, maxDays: 1, session: 'AM' },
  { code: 'E', weight: 5, minDays: 1, maxDays: 3, session: 'both' },
];

function meanSessions(kinds: readonly EpisodeKind[]): number {
  let total = 0;
  let weighted = 0;
  for (const k of kinds) {
    const days = (k.minDays + k.maxDays) / 2;
    weighted += k.weight * (k.session === 'both' ? days * 2 : 1);
    total += k.weight;
  }
  return weighted / total;
}

const TYPICAL_MEAN = meanSessions(TYPICAL);
const PERSISTENT_MEAN = meanSessions(PERSISTENT);
const TYPICAL_WEIGHTS = TYPICAL.map((k) => [k, k.weight] as const);
const PERSISTENT_WEIGHTS = PERSISTENT.map((k) => [k, k.weight] as const);

export interface AttendanceProfile {
  /** Chance of starting an absence episode on a day with no episode running. */
  episodeChance: number;
  episodes: readonly (readonly [EpisodeKind, number])[];
  lateChance: number;
  /** Chance of a morning at a college or job interview (Year 11 and up). */
  interviewChance: number;
  /** Weekday (1–5) spent at alternative provision arranged by the LA (`K`), or -1. */
  alternativeProvisionDay: number;
  /** On a part-time timetable (`C2` in the afternoons) for the last weeks before today. */
  partTimeTimetable: boolean;
  /** Takes part in work experience / observes festivals (stable for the pupil). */
  takesWorkExperience: boolean;
  observesFestivals: boolean;
}

export function attendanceProfile(pupil: Pupil, secondary: boolean, rng: Random): AttendanceProfile {
  const r = rng.next();
  let absence: number;
  let persistent = false;
  switch (pupil.attendance) {
    case 'full':
      absence = 0;
      break;
    case 'severely_absent':
      absence = 0.5 + 0.3 * r;
      persistent = true;
      break;
    case 'persistently_absent':
      absence = 0.11 + 0.2 * r;
      persistent = true;
      break;
    case 'typical':
      absence = 0.01 + 0.07 * r * r;
      break;
  }
  const mean = persistent ? PERSISTENT_MEAN : TYPICAL_MEAN;
  // A running episode blocks new ones, so the chance is raised to reach the target share of sessions.
  const episodeChance = Math.min(0.95, (2 * absence) / mean / Math.max(0.05, 1 - absence));
  const full = pupil.attendance === 'full';
  return {
    episodeChance,
    episodes: persistent ? PERSISTENT_WEIGHTS : TYPICAL_WEIGHTS,
    lateChance: full ? 0 : persistent ? 0.06 : 0.005 + 0.03 * rng.next() ** 3,
    interviewChance: full ? 0 : 0.002,
    alternativeProvisionDay: secondary && (persistent ? rng.chance(0.15) : rng.chance(0.004)) ? rng.int(1, 5) : -1,
    partTimeTimetable: secondary && persistent && rng.chance(0.1),
    takesWorkExperience: rng.chance(0.9),
    observesFestivals: !full && rng.chance(0.6),
  };
}
