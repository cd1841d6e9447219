ALTER TABLE "import_runs" ADD COLUMN "runner" text;--> statement-breakpoint
ALTER TABLE "import_runs" ADD COLUMN "lease_until" timestamp with time zone;