-- Categories, per-group category permissions and class restrictions are tenant
-- rows like any other: forced row-level security.
ALTER TABLE "categories" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "user_group_category_permissions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "class_restriction_members" FORCE ROW LEVEL SECURITY;
