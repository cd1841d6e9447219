CREATE TABLE "library_read_receipts" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"alerted_by" uuid NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	"require_action" boolean NOT NULL,
	"last_viewed_at" timestamp with time zone,
	"understood_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "library_read_receipts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "library_read_receipts" ADD CONSTRAINT "library_read_receipts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_read_receipts" ADD CONSTRAINT "library_read_receipts_document_id_library_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."library_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_read_receipts" ADD CONSTRAINT "library_read_receipts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_read_receipts" ADD CONSTRAINT "library_read_receipts_alerted_by_users_id_fk" FOREIGN KEY ("alerted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "library_read_receipts_school_document_user_idx" ON "library_read_receipts" USING btree ("school_id","document_id","user_id");--> statement-breakpoint
CREATE INDEX "library_read_receipts_school_user_idx" ON "library_read_receipts" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "library_read_receipts" AS PERMISSIVE FOR ALL TO "haven_app" USING ("library_read_receipts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("library_read_receipts"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));