CREATE TABLE "planner_event_pupils" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "planner_event_pupils" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "planner_event_shares" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "planner_event_shares" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "planner_events" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"start_day" date,
	"end_day" date,
	"is_public" boolean DEFAULT false NOT NULL,
	"created_by" uuid NOT NULL,
	"incident_id" uuid,
	"action_id" uuid,
	"about_path" text,
	"reminder_kind" text DEFAULT 'none' NOT NULL,
	"reminder_at" timestamp with time zone,
	"reminder_amount" integer,
	"reminder_unit" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	CONSTRAINT "planner_events_ends_after_start" CHECK ("planner_events"."ends_at" >= "planner_events"."starts_at"),
	CONSTRAINT "planner_events_all_day_days" CHECK (("planner_events"."all_day" = ("planner_events"."start_day" is not null)) and ("planner_events"."all_day" = ("planner_events"."end_day" is not null))),
	CONSTRAINT "planner_events_deleted_whole" CHECK (("planner_events"."deleted_at" is null) = ("planner_events"."deleted_by" is null))
);
--> statement-breakpoint
ALTER TABLE "planner_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "planner_reminders" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "planner_reminders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "planner_event_pupils" ADD CONSTRAINT "planner_event_pupils_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_event_pupils" ADD CONSTRAINT "planner_event_pupils_event_id_planner_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."planner_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_event_pupils" ADD CONSTRAINT "planner_event_pupils_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_event_shares" ADD CONSTRAINT "planner_event_shares_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_event_shares" ADD CONSTRAINT "planner_event_shares_event_id_planner_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."planner_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_event_shares" ADD CONSTRAINT "planner_event_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_events" ADD CONSTRAINT "planner_events_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_events" ADD CONSTRAINT "planner_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_events" ADD CONSTRAINT "planner_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_events" ADD CONSTRAINT "planner_events_action_id_incident_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."incident_actions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_events" ADD CONSTRAINT "planner_events_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_reminders" ADD CONSTRAINT "planner_reminders_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_reminders" ADD CONSTRAINT "planner_reminders_event_id_planner_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."planner_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_reminders" ADD CONSTRAINT "planner_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "planner_event_pupils_live_key" ON "planner_event_pupils" USING btree ("school_id","event_id","student_id") WHERE "planner_event_pupils"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "planner_event_shares_live_key" ON "planner_event_shares" USING btree ("school_id","event_id","user_id") WHERE "planner_event_shares"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "planner_event_shares_school_user_idx" ON "planner_event_shares" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE INDEX "planner_events_school_starts_idx" ON "planner_events" USING btree ("school_id","starts_at");--> statement-breakpoint
CREATE INDEX "planner_reminders_due_idx" ON "planner_reminders" USING btree ("due_at") WHERE "planner_reminders"."sent_at" is null and "planner_reminders"."cancelled_at" is null;--> statement-breakpoint
CREATE INDEX "planner_reminders_school_user_idx" ON "planner_reminders" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE INDEX "planner_reminders_school_event_idx" ON "planner_reminders" USING btree ("school_id","event_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "planner_event_pupils" AS PERMISSIVE FOR ALL TO "haven_app" USING ("planner_event_pupils"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("planner_event_pupils"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "planner_event_shares" AS PERMISSIVE FOR ALL TO "haven_app" USING ("planner_event_shares"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("planner_event_shares"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "planner_events" AS PERMISSIVE FOR ALL TO "haven_app" USING ("planner_events"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("planner_events"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "planner_reminders" AS PERMISSIVE FOR ALL TO "haven_app" USING ("planner_reminders"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("planner_reminders"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));