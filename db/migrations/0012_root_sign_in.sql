CREATE TABLE "root_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "root_sessions" ADD CONSTRAINT "root_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "root_sessions_token_key" ON "root_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "root_sessions_user_idx" ON "root_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE POLICY "users_sign_in_lookup" ON "users" AS PERMISSIVE FOR SELECT TO "haven_app" USING ((select current_setting('app.scope', true)) = 'sign-in-lookup' and lower("users"."email") = (select current_setting('app.sign_in_email', true)));