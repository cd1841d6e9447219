CREATE TABLE "document_alerts" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"raised_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "document_alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_alerts" ADD CONSTRAINT "document_alerts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_alerts" ADD CONSTRAINT "document_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_alerts" ADD CONSTRAINT "document_alerts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_alerts" ADD CONSTRAINT "document_alerts_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_alerts_school_user_live_idx" ON "document_alerts" USING btree ("school_id","user_id") WHERE "document_alerts"."read_at" is null;--> statement-breakpoint
CREATE INDEX "document_alerts_school_document_idx" ON "document_alerts" USING btree ("school_id","document_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "document_alerts" AS PERMISSIVE FOR ALL TO "haven_app" USING ("document_alerts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("document_alerts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));