CREATE TABLE "platform_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"original_name" text NOT NULL,
	"byte_size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"iv" text NOT NULL,
	"tag" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"key_provider" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by_user_id" uuid,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "platform_documents" ADD CONSTRAINT "platform_documents_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_documents_live_kind_key" ON "platform_documents" USING btree ("kind") WHERE "platform_documents"."replaced_at" is null;--> statement-breakpoint
-- Every school reads the deployment's documents; only the console (privileged path) writes them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "platform_documents" FROM haven_app;
