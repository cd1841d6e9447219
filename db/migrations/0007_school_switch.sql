CREATE TABLE "school_switch_codes" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"elevated_at" timestamp with time zone,
	"elevated_with" text,
	"next_path" text DEFAULT '/' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "school_switch_codes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "school_switch_codes" ADD CONSTRAINT "school_switch_codes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_switch_codes" ADD CONSTRAINT "school_switch_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_switch_codes_school_code_key" ON "school_switch_codes" USING btree ("school_id","code_hash");--> statement-breakpoint
CREATE POLICY "own_memberships_for_switcher" ON "memberships" AS PERMISSIVE FOR SELECT TO "haven_app" USING ("memberships"."user_id" = nullif(current_setting('app.user_id', true), '')::uuid and current_setting('app.scope', true) = 'own-memberships');--> statement-breakpoint
CREATE POLICY "school_isolation" ON "school_switch_codes" AS PERMISSIVE FOR ALL TO "haven_app" USING ("school_switch_codes"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("school_switch_codes"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);