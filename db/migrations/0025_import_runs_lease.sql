ALTER TABLE "import_runs" ADD COLUMN "runner" text;--> statement-breakpoint
ALTER TABLE "import_runs" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "import_runs_running_idx" ON "import_runs" USING btree ("school_id","lease_until") WHERE "import_runs"."status" = 'running';