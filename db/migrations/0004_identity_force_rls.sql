-- Sessions are tenant rows; people (and their keys, links and challenges) are
-- visible only through a membership of the transaction's school or as the
-- signed-in user. Every one of these binds the owner too.
ALTER TABLE "sessions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "user_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "password_reset_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "webauthn_challenges" FORCE ROW LEVEL SECURITY;
