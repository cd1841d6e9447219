CREATE TABLE "library_documents" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
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
	CONSTRAINT "library_documents_deleted_whole" CHECK (("library_documents"."deleted_at" is null) = ("library_documents"."deleted_by" is null) and ("library_documents"."deleted_at" is null) = ("library_documents"."deleted_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "library_documents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "library_documents" ADD CONSTRAINT "library_documents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_documents" ADD CONSTRAINT "library_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_documents" ADD CONSTRAINT "library_documents_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_documents_school_uploaded_idx" ON "library_documents" USING btree ("school_id","uploaded_at");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "library_documents" AS PERMISSIVE FOR ALL TO "haven_app" USING ("library_documents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("library_documents"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));