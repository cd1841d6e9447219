CREATE TABLE "saved_reports" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "saved_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "saved_reports" ADD CONSTRAINT "saved_reports_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_reports" ADD CONSTRAINT "saved_reports_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_reports_school_owner_idx" ON "saved_reports" USING btree ("school_id","owner_id");--> statement-breakpoint
CREATE INDEX "saved_reports_school_published_idx" ON "saved_reports" USING btree ("school_id") WHERE "saved_reports"."published";--> statement-breakpoint
CREATE POLICY "school_isolation" ON "saved_reports" AS PERMISSIVE FOR ALL TO "haven_app" USING ("saved_reports"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("saved_reports"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));