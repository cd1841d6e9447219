CREATE TABLE "categories" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"colour" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_school_id_key" UNIQUE("school_id","id"),
	CONSTRAINT "categories_colour_hex" CHECK ("categories"."colour" ~ '^#[0-9a-f]{6}$'),
	CONSTRAINT "categories_parent_not_self" CHECK ("categories"."parent_id" is null or "categories"."parent_id" <> "categories"."id")
);
--> statement-breakpoint
ALTER TABLE "categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "class_restriction_members" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"group_kind" text NOT NULL,
	"group_name" text NOT NULL,
	"user_id" uuid,
	"user_group_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "class_restriction_members_one_member" CHECK (num_nonnulls("class_restriction_members"."user_id", "class_restriction_members"."user_group_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "class_restriction_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "user_group_category_permissions" (
	"school_id" uuid NOT NULL,
	"user_group_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"view_students" boolean DEFAULT false NOT NULL,
	"view_incidents" boolean DEFAULT false NOT NULL,
	"add_incidents" boolean DEFAULT false NOT NULL,
	CONSTRAINT "user_group_category_permissions_pkey" PRIMARY KEY("school_id","user_group_id","category_id")
);
--> statement-breakpoint
ALTER TABLE "user_group_category_permissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_fk" FOREIGN KEY ("school_id","parent_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_restriction_members" ADD CONSTRAINT "class_restriction_members_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_restriction_members" ADD CONSTRAINT "class_restriction_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_restriction_members" ADD CONSTRAINT "class_restriction_members_user_group_id_user_groups_id_fk" FOREIGN KEY ("user_group_id") REFERENCES "public"."user_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_group_category_permissions" ADD CONSTRAINT "user_group_category_permissions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_group_category_permissions" ADD CONSTRAINT "user_group_category_permissions_user_group_id_user_groups_id_fk" FOREIGN KEY ("user_group_id") REFERENCES "public"."user_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_group_category_permissions" ADD CONSTRAINT "user_group_category_permissions_category_fk" FOREIGN KEY ("school_id","category_id") REFERENCES "public"."categories"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_school_top_name_key" ON "categories" USING btree ("school_id",lower("name")) WHERE "categories"."parent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_school_sub_name_key" ON "categories" USING btree ("school_id","parent_id",lower("name")) WHERE "categories"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX "class_restriction_members_school_group_idx" ON "class_restriction_members" USING btree ("school_id","group_kind","group_name");--> statement-breakpoint
CREATE INDEX "class_restriction_members_school_user_idx" ON "class_restriction_members" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE INDEX "class_restriction_members_school_user_group_idx" ON "class_restriction_members" USING btree ("school_id","user_group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "class_restriction_members_live_user_key" ON "class_restriction_members" USING btree ("school_id","group_kind","group_name","user_id") WHERE "class_restriction_members"."removed_at" is null and "class_restriction_members"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "class_restriction_members_live_user_group_key" ON "class_restriction_members" USING btree ("school_id","group_kind","group_name","user_group_id") WHERE "class_restriction_members"."removed_at" is null and "class_restriction_members"."user_group_id" is not null;--> statement-breakpoint
CREATE INDEX "user_group_category_permissions_category_idx" ON "user_group_category_permissions" USING btree ("school_id","category_id");--> statement-breakpoint
CREATE POLICY "school_isolation" ON "categories" AS PERMISSIVE FOR ALL TO "haven_app" USING ("categories"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("categories"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "school_isolation" ON "class_restriction_members" AS PERMISSIVE FOR ALL TO "haven_app" USING ("class_restriction_members"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("class_restriction_members"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "school_isolation" ON "user_group_category_permissions" AS PERMISSIVE FOR ALL TO "haven_app" USING ("user_group_category_permissions"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid) WITH CHECK ("user_group_category_permissions"."school_id" = nullif(current_setting('app.school_id', true), '')::uuid);