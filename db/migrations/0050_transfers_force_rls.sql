ALTER TABLE "transfers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Either school of a transfer reads and moves it on (policy transfer_parties); nobody deletes one.
GRANT SELECT, INSERT, UPDATE ON "transfers" TO haven_app;--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON "transfers" FROM haven_app;
