ALTER TABLE "documents" DROP CONSTRAINT "documents_source_record";--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "student_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "key_document_id" uuid;--> statement-breakpoint
CREATE INDEX "documents_incident_idx" ON "documents" USING btree ("school_id","incident_id");--> statement-breakpoint
CREATE INDEX "documents_action_idx" ON "documents" USING btree ("school_id","action_id");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_source_record" CHECK (("documents"."source" = 'pending' and "documents"."student_id" is null and "documents"."incident_id" is null and "documents"."action_id" is null)
        or ("documents"."source" = 'vault' and "documents"."student_id" is not null and "documents"."incident_id" is null and "documents"."action_id" is null)
        or ("documents"."source" = 'incident' and "documents"."student_id" is not null and "documents"."incident_id" is not null and "documents"."action_id" is null)
        or ("documents"."source" = 'action' and "documents"."student_id" is not null and "documents"."incident_id" is not null and "documents"."action_id" is not null));