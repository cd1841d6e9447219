ALTER TABLE "alert_groups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "alert_group_members" FORCE ROW LEVEL SECURITY;
