ALTER TABLE "school_files" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "academic_years" FORCE ROW LEVEL SECURITY;
