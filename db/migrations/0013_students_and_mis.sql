CREATE TABLE "attendance_marks" (
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"date" date NOT NULL,
	"session" text NOT NULL,
	"code" text NOT NULL,
	CONSTRAINT "attendance_marks_pkey" PRIMARY KEY("school_id","student_id","date","session")
);
--> statement-breakpoint
ALTER TABLE "attendance_marks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "monitoring_periods" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"started_via" text NOT NULL,
	"started_by" uuid,
	"started_by_incident_id" uuid,
	"ended_on" date,
	"ended_via" text,
	"ended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_periods_end_after_start" CHECK ("monitoring_periods"."ended_on" is null or "monitoring_periods"."ended_on" >= "monitoring_periods"."started_on")
);
--> statement-breakpoint
ALTER TABLE "monitoring_periods" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "student_alert_staff" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"removed_at" timestamp with time zone,
	"removed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "student_alert_staff" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "student_contacts" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"source" text NOT NULL,
	"mis_contact_id" text,
	"title" text,
	"forename" text NOT NULL,
	"surname" text NOT NULL,
	"relationship" text,
	"priority" integer,
	"parental_responsibility" boolean DEFAULT false NOT NULL,
	"lives_with_student" boolean DEFAULT false NOT NULL,
	"phone" text,
	"mobile" text,
	"email" text,
	"address" text,
	"organisation" text,
	"note" text,
	"mis_row_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	CONSTRAINT "student_contacts_mis_id" CHECK (("student_contacts"."source" = 'mis') = ("student_contacts"."mis_contact_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "student_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "student_links" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"linked_student_id" uuid NOT NULL,
	"source" text NOT NULL,
	"relationship" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	CONSTRAINT "student_links_not_self" CHECK ("student_links"."student_id" <> "student_links"."linked_student_id")
);
--> statement-breakpoint
ALTER TABLE "student_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "student_profiles" (
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agencies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"keyword_key" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "student_profiles_pkey" PRIMARY KEY("school_id","student_id")
);
--> statement-breakpoint
ALTER TABLE "student_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "students" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"mis_id" text NOT NULL,
	"upn" text,
	"legal_forename" text NOT NULL,
	"legal_surname" text NOT NULL,
	"preferred_forename" text NOT NULL,
	"preferred_surname" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"gender" text,
	"year_group" text,
	"tutor_group" text,
	"sen_status" text,
	"ethnicity" text,
	"religion" text,
	"pupil_premium" boolean DEFAULT false NOT NULL,
	"eal" boolean DEFAULT false NOT NULL,
	"free_school_meals" boolean DEFAULT false NOT NULL,
	"looked_after" boolean DEFAULT false NOT NULL,
	"medical_conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_date" date NOT NULL,
	"leaving_date" date,
	"search_key" text NOT NULL,
	"mis_row_hash" text NOT NULL,
	"archived_at" timestamp with time zone,
	"archived_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "students_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "students_archive_reason" CHECK (("students"."archived_at" is null) = ("students"."archived_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "students" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "import_row_errors" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"severity" text NOT NULL,
	"file" text NOT NULL,
	"line" integer NOT NULL,
	"column" text,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_row_errors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "import_runs" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_name" text NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"counts" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"started_by" uuid
);
--> statement-breakpoint
ALTER TABLE "import_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mis_staff" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"mis_id" text NOT NULL,
	"title" text,
	"forename" text NOT NULL,
	"surname" text NOT NULL,
	"email" text,
	"job_title" text,
	"start_date" date,
	"end_date" date,
	"contract" text,
	"mis_row_hash" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mis_staff" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_category_fk" FOREIGN KEY ("school_id","category_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_alert_staff" ADD CONSTRAINT "student_alert_staff_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_alert_staff" ADD CONSTRAINT "student_alert_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_alert_staff" ADD CONSTRAINT "student_alert_staff_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_alert_staff" ADD CONSTRAINT "student_alert_staff_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_alert_staff" ADD CONSTRAINT "student_alert_staff_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_contacts" ADD CONSTRAINT "student_contacts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_contacts" ADD CONSTRAINT "student_contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_contacts" ADD CONSTRAINT "student_contacts_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_contacts" ADD CONSTRAINT "student_contacts_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_linked_fk" FOREIGN KEY ("school_id","linked_student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mis_staff" ADD CONSTRAINT "mis_staff_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_periods_live_key" ON "monitoring_periods" USING btree ("school_id","student_id","category_id") WHERE "monitoring_periods"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "monitoring_periods_school_category_idx" ON "monitoring_periods" USING btree ("school_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "student_alert_staff_live_key" ON "student_alert_staff" USING btree ("school_id","student_id","user_id") WHERE "student_alert_staff"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "student_contacts_school_student_idx" ON "student_contacts" USING btree ("school_id","student_id");--> statement-breakpoint
CREATE INDEX "student_contacts_school_contact_idx" ON "student_contacts" USING btree ("school_id","mis_contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "student_contacts_mis_key" ON "student_contacts" USING btree ("school_id","student_id","mis_contact_id") WHERE "student_contacts"."source" = 'mis';--> statement-breakpoint
CREATE UNIQUE INDEX "student_links_live_key" ON "student_links" USING btree ("school_id","student_id","linked_student_id","source") WHERE "student_links"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "students_school_mis_id_key" ON "students" USING btree ("school_id","mis_id");--> statement-breakpoint
CREATE INDEX "students_school_upn_idx" ON "students" USING btree ("school_id","upn");--> statement-breakpoint
CREATE INDEX "students_school_tutor_idx" ON "students" USING btree ("school_id","tutor_group");--> statement-breakpoint
CREATE INDEX "students_school_year_idx" ON "students" USING btree ("school_id","year_group");--> statement-breakpoint
CREATE INDEX "students_search_key_trgm_idx" ON "students" USING gin ("search_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "import_row_errors_school_run_idx" ON "import_row_errors" USING btree ("school_id","run_id","line");--> statement-breakpoint
CREATE INDEX "import_runs_school_started_idx" ON "import_runs" USING btree ("school_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_runs_job_bundle_key" ON "import_runs" USING btree ("school_id","source_name") WHERE "import_runs"."source" = 'job';--> statement-breakpoint
CREATE UNIQUE INDEX "mis_staff_school_mis_id_key" ON "mis_staff" USING btree ("school_id","mis_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "attendance_marks" AS PERMISSIVE FOR ALL TO "haven_app" USING ("attendance_marks"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("attendance_marks"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "monitoring_periods" AS PERMISSIVE FOR ALL TO "haven_app" USING ("monitoring_periods"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("monitoring_periods"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "student_alert_staff" AS PERMISSIVE FOR ALL TO "haven_app" USING ("student_alert_staff"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("student_alert_staff"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "student_contacts" AS PERMISSIVE FOR ALL TO "haven_app" USING ("student_contacts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("student_contacts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "student_links" AS PERMISSIVE FOR ALL TO "haven_app" USING ("student_links"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("student_links"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "student_profiles" AS PERMISSIVE FOR ALL TO "haven_app" USING ("student_profiles"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("student_profiles"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "students" AS PERMISSIVE FOR ALL TO "haven_app" USING ("students"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("students"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "import_row_errors" AS PERMISSIVE FOR ALL TO "haven_app" USING ("import_row_errors"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("import_row_errors"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "import_runs" AS PERMISSIVE FOR ALL TO "haven_app" USING ("import_runs"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("import_runs"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "mis_staff" AS PERMISSIVE FOR ALL TO "haven_app" USING ("mis_staff"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("mis_staff"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));