CREATE TABLE "documents" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"incident_id" uuid,
	"action_id" uuid,
	"source" text NOT NULL,
	"original_name" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"extension" text NOT NULL,
	"storage_key" text NOT NULL,
	"cipher_version" integer NOT NULL,
	"chunk_bytes" integer NOT NULL,
	"wrapped_key" text NOT NULL,
	"key_provider" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"deleted_reason" text,
	CONSTRAINT "documents_source_record" CHECK (("documents"."source" = 'vault' and "documents"."incident_id" is null and "documents"."action_id" is null)
        or ("documents"."source" = 'incident' and "documents"."incident_id" is not null and "documents"."action_id" is null)
        or ("documents"."source" = 'action' and "documents"."action_id" is not null)),
	CONSTRAINT "documents_deleted_whole" CHECK (("documents"."deleted_at" is null) = ("documents"."deleted_by" is null) and ("documents"."deleted_at" is null) = ("documents"."deleted_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "documents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_incident_fk" FOREIGN KEY ("school_id","incident_id") REFERENCES "public"."incidents"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_action_fk" FOREIGN KEY ("school_id","action_id") REFERENCES "public"."incident_actions"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_student_idx" ON "documents" USING btree ("school_id","student_id","uploaded_at");--> statement-breakpoint
CREATE INDEX "documents_storage_key_idx" ON "documents" USING btree ("school_id","storage_key");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "documents" AS PERMISSIVE FOR ALL TO "haven_app" USING ("documents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("documents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));