CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_school_id" uuid NOT NULL,
	"from_student_id" uuid NOT NULL,
	"to_school_id" uuid NOT NULL,
	"to_student_id" uuid NOT NULL,
	"status" text DEFAULT 'detected' NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_at" timestamp with time zone,
	"requested_by" uuid,
	"authorised_at" timestamp with time zone,
	"authorised_by" uuid,
	"transferred_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"declined_at" timestamp with time zone,
	"declined_by" uuid,
	"decline_reason" text,
	"leaving_date" date NOT NULL,
	"due_on" date NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"incident_count" integer DEFAULT 0 NOT NULL,
	"document_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "transfers_between_schools" CHECK ("transfers"."from_school_id" <> "transfers"."to_school_id"),
	CONSTRAINT "transfers_declined_whole" CHECK (("transfers"."declined_at" is null) = ("transfers"."declined_by" is null))
);
--> statement-breakpoint
ALTER TABLE "transfers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_school_id_schools_id_fk" FOREIGN KEY ("from_school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_student_id_students_id_fk" FOREIGN KEY ("from_student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_school_id_schools_id_fk" FOREIGN KEY ("to_school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_student_id_students_id_fk" FOREIGN KEY ("to_student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_authorised_by_users_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_declined_by_users_id_fk" FOREIGN KEY ("declined_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_students_key" ON "transfers" USING btree ("from_student_id","to_student_id");--> statement-breakpoint
CREATE INDEX "transfers_from_school_idx" ON "transfers" USING btree ("from_school_id","detected_at");--> statement-breakpoint
CREATE INDEX "transfers_to_school_idx" ON "transfers" USING btree ("to_school_id","detected_at");--> statement-breakpoint
CREATE POLICY "transfer_parties" ON "transfers" AS PERMISSIVE FOR ALL TO "haven_app" USING ("transfers"."from_school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid) or "transfers"."to_school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid)) WITH CHECK ("transfers"."from_school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid) or "transfers"."to_school_id" = (select nullif(current_setting('app.school_id', true), '')::uuid));