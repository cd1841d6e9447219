CREATE TABLE "agencies" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "agencies_name_length" CHECK (char_length("agencies"."name") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "agencies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "legacy" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD COLUMN "agency_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD COLUMN "agency_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "agency_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_school_name_key" ON "agencies" USING btree ("school_id",lower("name"));--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_merged_into_fk" FOREIGN KEY ("school_id","merged_into_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_merged_is_archived" CHECK ("categories"."merged_into_id" is null or "categories"."archived_at" is not null);--> statement-breakpoint
CREATE POLICY "school_isolation" ON "agencies" AS PERMISSIVE FOR ALL TO "haven_app" USING ("agencies"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("agencies"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));