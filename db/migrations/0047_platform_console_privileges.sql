ALTER TABLE "support_requests" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The platform's own tables: no school's transaction may read or write them; the console reaches them on the privileged path.
REVOKE ALL ON "platform_operators", "console_sessions", "platform_audit_log" FROM haven_app;
