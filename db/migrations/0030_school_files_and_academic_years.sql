CREATE TABLE "school_files" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"iv" text NOT NULL,
	"tag" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"key_provider" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "school_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "academic_years" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"terms" jsonb NOT NULL,
	"closures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "academic_years_school_id_key" UNIQUE("school_id","id")
);
--> statement-breakpoint
ALTER TABLE "academic_years" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "school_files" ADD CONSTRAINT "school_files_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_files" ADD CONSTRAINT "school_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_files" ADD CONSTRAINT "school_files_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academic_years" ADD CONSTRAINT "academic_years_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_files_one_live_logo" ON "school_files" USING btree ("school_id","purpose") WHERE "school_files"."removed_at" is null and "school_files"."purpose" = 'logo';--> statement-breakpoint
CREATE INDEX "school_files_school_idx" ON "school_files" USING btree ("school_id","purpose","created_at");--> statement-breakpoint
CREATE INDEX "academic_years_school_start_idx" ON "academic_years" USING btree ("school_id","starts_on");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "school_files" AS PERMISSIVE FOR ALL TO "haven_app" USING ("school_files"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("school_files"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "academic_years" AS PERMISSIVE FOR ALL TO "haven_app" USING ("academic_years"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("academic_years"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));