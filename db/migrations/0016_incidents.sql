CREATE TABLE "action_versions" (
	"school_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_versions_pkey" PRIMARY KEY("school_id","action_id","version")
);
--> statement-breakpoint
ALTER TABLE "action_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category_id" uuid,
	"student_id" uuid,
	"group_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"removed_at" timestamp with time zone,
	CONSTRAINT "alert_rules_target" CHECK (("alert_rules"."kind" = 'category') = ("alert_rules"."category_id" is not null) and ("alert_rules"."kind" = 'student') = ("alert_rules"."student_id" is not null) and ("alert_rules"."kind" in ('tutor_group', 'year_group')) = ("alert_rules"."group_name" is not null))
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "alerts" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"action_id" uuid,
	"reason" text NOT NULL,
	"raised_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "incident_actions" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"text" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"agencies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"author_id" uuid,
	"training" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"merged_from_incident_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"delete_reason" text,
	CONSTRAINT "incident_actions_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "incident_actions_text_length" CHECK (char_length("incident_actions"."text") between 1 and 50000)
);
--> statement-breakpoint
ALTER TABLE "incident_actions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "incident_categories" (
	"school_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"action_id" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incident_categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "incident_versions" (
	"school_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_versions_pkey" PRIMARY KEY("school_id","incident_id","version")
);
--> statement-breakpoint
ALTER TABLE "incident_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "incidents" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"number" integer NOT NULL,
	"record_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"assignee_id" uuid,
	"agencies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"markers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"author_id" uuid,
	"pinned" boolean DEFAULT false NOT NULL,
	"training" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"delete_reason" text,
	"merged_into_id" uuid,
	CONSTRAINT "incidents_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "incidents_text_length" CHECK (char_length("incidents"."text") between 1 and 50000),
	CONSTRAINT "incidents_deleted_reason" CHECK (("incidents"."deleted_at" is null) = ("incidents"."delete_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "incidents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "school_counters" (
	"school_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "school_counters_pkey" PRIMARY KEY("school_id","name")
);
--> statement-breakpoint
ALTER TABLE "school_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "action_versions" ADD CONSTRAINT "action_versions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_versions" ADD CONSTRAINT "action_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_versions" ADD CONSTRAINT "action_versions_action_fk" FOREIGN KEY ("school_id","action_id") REFERENCES "public"."incident_actions"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_action_fk" FOREIGN KEY ("school_id","action_id") REFERENCES "public"."incident_actions"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_categories" ADD CONSTRAINT "incident_categories_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_categories" ADD CONSTRAINT "incident_categories_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_categories" ADD CONSTRAINT "incident_categories_action_fk" FOREIGN KEY ("school_id","action_id") REFERENCES "public"."incident_actions"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_categories" ADD CONSTRAINT "incident_categories_category_fk" FOREIGN KEY ("school_id","category_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_merged_into_fk" FOREIGN KEY ("school_id","merged_into_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_counters" ADD CONSTRAINT "school_counters_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_school_user_idx" ON "alert_rules" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE INDEX "alerts_school_user_live_idx" ON "alerts" USING btree ("school_id","user_id") WHERE "alerts"."read_at" is null and "alerts"."cleared_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_school_incident_idx" ON "alerts" USING btree ("school_id","incident_id");--> statement-breakpoint
CREATE INDEX "incident_actions_school_incident_idx" ON "incident_actions" USING btree ("school_id","incident_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_categories_live_key" ON "incident_categories" USING btree ("school_id","incident_id","category_id",coalesce("action_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "incident_categories"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "incident_categories_school_category_idx" ON "incident_categories" USING btree ("school_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_school_number_key" ON "incidents" USING btree ("school_id","number");--> statement-breakpoint
CREATE INDEX "incidents_school_student_idx" ON "incidents" USING btree ("school_id","student_id","occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_school_record_idx" ON "incidents" USING btree ("school_id","record_id");--> statement-breakpoint
CREATE INDEX "incidents_school_author_idx" ON "incidents" USING btree ("school_id","author_id","created_at");--> statement-breakpoint
CREATE INDEX "incidents_school_assignee_idx" ON "incidents" USING btree ("school_id","assignee_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "action_versions" AS PERMISSIVE FOR ALL TO "haven_app" USING ("action_versions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("action_versions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "alert_rules" AS PERMISSIVE FOR ALL TO "haven_app" USING ("alert_rules"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("alert_rules"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "alerts" AS PERMISSIVE FOR ALL TO "haven_app" USING ("alerts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("alerts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "incident_actions" AS PERMISSIVE FOR ALL TO "haven_app" USING ("incident_actions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("incident_actions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "incident_categories" AS PERMISSIVE FOR ALL TO "haven_app" USING ("incident_categories"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("incident_categories"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "incident_versions" AS PERMISSIVE FOR ALL TO "haven_app" USING ("incident_versions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("incident_versions"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "incidents" AS PERMISSIVE FOR ALL TO "haven_app" USING ("incidents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("incidents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "school_counters" AS PERMISSIVE FOR ALL TO "haven_app" USING ("school_counters"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("school_counters"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));