ALTER TABLE "school_counters" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incidents" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incident_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incident_actions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "action_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incident_categories" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "alerts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "alert_rules" FORCE ROW LEVEL SECURITY;
