-- FORCE makes the policies bind the tables' owner too, so no role but a
-- superuser or the explicit privileged path (db/privileged.ts) sees across
-- schools. Every later tenant table must do the same in its own migration;
-- tests/integration/rls-guard.test.ts fails when one does not.
ALTER TABLE "schools" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "user_groups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "outbox" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "job_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The audit log is append-only for the application: read and add, never change.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM haven_app;
--> statement-breakpoint
-- Only the privileged path (owner) writes and reads this log.
REVOKE ALL ON "privileged_access_log" FROM haven_app;
