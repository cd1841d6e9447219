ALTER TABLE "incident_actions" ADD COLUMN "external_author" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "external_author" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "transfer_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "transfer_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "external_author" text;--> statement-breakpoint
CREATE INDEX "incidents_school_transfer_idx" ON "incidents" USING btree ("school_id","transfer_id");--> statement-breakpoint
CREATE INDEX "documents_transfer_idx" ON "documents" USING btree ("school_id","transfer_id");