ALTER TABLE "students" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_profiles" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_contacts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "attendance_marks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring_periods" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_alert_staff" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "mis_staff" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "import_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "import_row_errors" FORCE ROW LEVEL SECURITY;
