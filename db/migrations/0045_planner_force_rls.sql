ALTER TABLE "planner_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "planner_event_shares" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "planner_event_pupils" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "planner_reminders" FORCE ROW LEVEL SECURITY;
