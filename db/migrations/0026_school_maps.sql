CREATE TABLE "school_builtin_maps" (
	"school_id" uuid NOT NULL,
	"map_id" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_builtin_maps_pkey" PRIMARY KEY("school_id","map_id"),
	CONSTRAINT "school_builtin_maps_map_id_check" CHECK ("school_builtin_maps"."map_id" in ('body-front', 'body-back'))
);
--> statement-breakpoint
ALTER TABLE "school_builtin_maps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "school_maps" (
	"school_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"iv" text NOT NULL,
	"tag" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"key_provider" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"sort_order" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_maps_size_check" CHECK ("school_maps"."width" > 0 and "school_maps"."height" > 0 and "school_maps"."byte_size" > 0)
);
--> statement-breakpoint
ALTER TABLE "school_maps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "school_builtin_maps" ADD CONSTRAINT "school_builtin_maps_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_builtin_maps" ADD CONSTRAINT "school_builtin_maps_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_maps" ADD CONSTRAINT "school_maps_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_maps" ADD CONSTRAINT "school_maps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_maps_school_order_idx" ON "school_maps" USING btree ("school_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "school_maps_school_title_key" ON "school_maps" USING btree ("school_id",lower("title"));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "school_builtin_maps" AS PERMISSIVE FOR ALL TO "haven_app" USING ("school_builtin_maps"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("school_builtin_maps"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "school_isolation" ON "school_maps" AS PERMISSIVE FOR ALL TO "haven_app" USING ("school_maps"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("school_maps"."school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));