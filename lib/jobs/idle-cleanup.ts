/**
 * idle-cleanup: removes what has expired — job-run history past its retention,
 * abandoned outbox leases, ended sessions, used or expired reset links,
 * WebAuthn challenges and school-switch codes, and rate-limit hits older than
 * a day (the longest window a limit may use); MIS imports whose process is
 * gone are marked interrupted and their leftover work folders removed (also at
 * start-up, `recoverImports`); pending uploads no saved record claimed
 * within the grace period are marked expired, and document blobs no row
 * refers to, once past it, are removed (lib/vault/sweep.ts; the report counts
 * both); saved reports past their
 * expiry or deleted by their owner are removed (lib/reports/saved-reports.ts
 * hides them from the moment they expire). The audit log keeps the history of
 * every one of these events.
 */
import 'server-only';
import { and, isNotNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import {
  jobRuns,
  outbox,
  passwordResetTokens,
  rateLimitHits,
  rootSessions,
  savedReports,
  schoolSwitchCodes,
  sessions,
  webauthnChallenges,
} from '@/db/schema';
import { recoverInterruptedImports, type ImportRecovery } from '@/lib/mis/import/recovery';
import { sweepOrphanDocumentBlobs } from '@/lib/vault/sweep';
import { sweepOrphanLibraryBlobs } from '@/lib/library';
import type { JobDefinition } from './types';

export const JOB_RUN_RETENTION_DAYS = 30;
/** Ended sessions and links are kept a while for support questions ("was I signed in?"). */
export const ENDED_SESSION_RETENTION_DAYS = 30;
const DAY = 86_400_000;

export const idleCleanup: JobDefinition = {
  name: 'idle-cleanup',
  description:
    'Delete expired data: old job runs, ended sessions, used links, challenges and codes, old rate-limit hits, expired or deleted saved reports, document blobs no record refers to; mark imports whose process is gone as interrupted.',
  async run({ now }) {
    const days = (n: number) => new Date(now.getTime() - n * DAY);
    const cleaned = await privileged('job', 'idle-cleanup', async (tx) => {
      const runs = await tx
        .delete(jobRuns)
        .where(and(lt(jobRuns.startedAt, days(JOB_RUN_RETENTION_DAYS)), ne(jobRuns.status, 'running')))
        .returning({ id: jobRuns.id });
      // A lease left by a crashed run: free the message for the next send.
      const leases = await tx
        .update(outbox)
        .set({ lockedUntil: null })
        .where(and(sql`${outbox.lockedUntil} is not null`, lt(outbox.lockedUntil, now)))
        .returning({ id: outbox.id });
      const endedSessions = await tx
        .delete(sessions)
        .where(
          or(
            lt(sessions.expiresAt, days(ENDED_SESSION_RETENTION_DAYS)),
            and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, days(ENDED_SESSION_RETENTION_DAYS))),
          ),
        )
        .returning({ id: sessions.id });
      const endedRootSessions = await tx
        .delete(rootSessions)
        .where(
          or(
            lt(rootSessions.expiresAt, days(ENDED_SESSION_RETENTION_DAYS)),
            and(isNotNull(rootSessions.revokedAt), lt(rootSessions.revokedAt, days(ENDED_SESSION_RETENTION_DAYS))),
          ),
        )
        .returning({ id: rootSessions.id });
      const links = await tx
        .delete(passwordResetTokens)
        .where(lt(passwordResetTokens.expiresAt, days(ENDED_SESSION_RETENTION_DAYS)))
        .returning({ id: passwordResetTokens.id });
      const challenges = await tx
        .delete(webauthnChallenges)
        .where(lt(webauthnChallenges.expiresAt, days(1)))
        .returning({ id: webauthnChallenges.id });
      const codes = await tx
        .delete(schoolSwitchCodes)
        .where(lt(schoolSwitchCodes.expiresAt, days(1)))
        .returning({ id: schoolSwitchCodes.id });
      const failures = await tx
        .delete(rateLimitHits)
        .where(lt(rateLimitHits.at, days(1)))
        .returning({ id: rateLimitHits.id });
      // Only definitions, never results: an expired one is of no use to anyone and is removed whole.
      const reports = await tx
        .delete(savedReports)
        .where(or(isNotNull(savedReports.deletedAt), lte(savedReports.expiresAt, now)))
        .returning({ id: savedReports.id });
      const imports = await recoverInterruptedImports(tx, { now, actorLabel: 'job:idle-cleanup' });
      return {
        jobRunsDeleted: runs.length,
        leasesReleased: leases.length,
        sessionsDeleted: endedSessions.length,
        rootSessionsDeleted: endedRootSessions.length,
        resetLinksDeleted: links.length,
        challengesDeleted: challenges.length,
        switchCodesDeleted: codes.length,
        rateLimitHitsDeleted: failures.length,
        savedReportsDeleted: reports.length,
        importRunsInterrupted: imports.runsInterrupted,
        importWorkFoldersRemoved: imports.workFoldersRemoved,
      };
    });
    // Outside that transaction: blob storage is not transactional, and each school's rows are read in its own scope.
    const documents = await sweepOrphanDocumentBlobs(now);
    const orphanLibraryBlobsRemoved = await sweepOrphanLibraryBlobs(now);
    return {
      ...cleaned,
      orphanDocumentBlobsRemoved: documents.orphansRemoved,
      pendingUploadsExpired: documents.pendingExpired,
      orphanLibraryBlobsRemoved,
    };
  },
};

/** At start-up: imports a crash left running are marked interrupted and their work folders removed, before anything else runs. */
export function recoverImports(now = new Date()): Promise<ImportRecovery> {
  return privileged('job', 'import-recovery at start-up', (tx) =>
    recoverInterruptedImports(tx, { now, actorLabel: 'start-up' }),
  );
}
