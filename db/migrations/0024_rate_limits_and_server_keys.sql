CREATE TABLE "server_keys" (
	"purpose" text PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"key_provider" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sign_in_failures" RENAME TO "rate_limit_hits";--> statement-breakpoint
DROP INDEX "sign_in_failures_key_at_idx";--> statement-breakpoint
CREATE INDEX "rate_limit_hits_key_at_idx" ON "rate_limit_hits" USING btree ("key","at");