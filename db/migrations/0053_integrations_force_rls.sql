ALTER TABLE "integrations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "integration_concerns" FORCE ROW LEVEL SECURITY;
