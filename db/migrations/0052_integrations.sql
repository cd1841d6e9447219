CREATE TABLE "integration_concerns" (
	"school_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integration_concerns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "integrations" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category_id" uuid NOT NULL,
	"alert_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"alert_group_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"token_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "integrations_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "integrations_name_length" CHECK (char_length("integrations"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "integrations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "integration_concerns" ADD CONSTRAINT "integration_concerns_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_concerns" ADD CONSTRAINT "integration_concerns_integration_fk" FOREIGN KEY ("school_id","integration_id") REFERENCES "public"."integrations"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_concerns" ADD CONSTRAINT "integration_concerns_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_category_fk" FOREIGN KEY ("school_id","category_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_concerns_reference_key" ON "integration_concerns" USING btree ("school_id","integration_id","reference");--> statement-breakpoint
CREATE INDEX "integration_concerns_incident_idx" ON "integration_concerns" USING btree ("school_id","incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_token_id_key" ON "integrations" USING btree ("token_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "integration_concerns" AS PERMISSIVE FOR ALL TO "haven_app" USING ("integration_concerns"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("integration_concerns"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "integrations" AS PERMISSIVE FOR ALL TO "haven_app" USING ("integrations"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("integrations"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));