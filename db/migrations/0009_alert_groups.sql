CREATE TABLE "alert_group_members" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"alert_group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_group_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "alert_groups" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "alert_groups_school_id_key" UNIQUE("school_id","id")
);
--> statement-breakpoint
ALTER TABLE "alert_groups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "alert_group_members" ADD CONSTRAINT "alert_group_members_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_group_members" ADD CONSTRAINT "alert_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_group_members" ADD CONSTRAINT "alert_group_members_alert_group_fk" FOREIGN KEY ("school_id","alert_group_id") REFERENCES "public"."alert_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_groups" ADD CONSTRAINT "alert_groups_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_group_members_school_group_idx" ON "alert_group_members" USING btree ("school_id","alert_group_id");--> statement-breakpoint
CREATE INDEX "alert_group_members_school_user_idx" ON "alert_group_members" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_group_members_live_key" ON "alert_group_members" USING btree ("school_id","alert_group_id","user_id") WHERE "alert_group_members"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_groups_school_live_name_key" ON "alert_groups" USING btree ("school_id",lower("name")) WHERE "alert_groups"."archived_at" is null;--> statement-breakpoint
CREATE POLICY "school_isolation" ON "alert_group_members" AS PERMISSIVE FOR ALL TO "haven_app" USING ("alert_group_members"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("alert_group_members"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "school_isolation" ON "alert_groups" AS PERMISSIVE FOR ALL TO "haven_app" USING ("alert_groups"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("alert_groups"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);