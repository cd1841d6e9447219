ALTER TABLE "school_maps" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "school_builtin_maps" FORCE ROW LEVEL SECURITY;
