-- Documents are never deleted, except a pending upload no saved record
-- claimed (the orphan sweep removes those after the grace period). The grant
-- makes that possible; the restrictive policy limits it to pending rows, so
-- even a faulty query cannot delete a claimed or vault document.
GRANT DELETE ON "documents" TO haven_app;--> statement-breakpoint
CREATE POLICY "documents_delete_pending_only" ON "documents" AS RESTRICTIVE FOR DELETE TO haven_app USING ("documents"."source" = 'pending');
