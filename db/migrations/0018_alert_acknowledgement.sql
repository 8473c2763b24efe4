-- An operator acknowledges an alert on the alerts page: who and when (null while open).
ALTER TABLE "alerts" ADD COLUMN "acknowledged_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "acknowledged_by" text;
--> statement-breakpoint
CREATE INDEX "alerts_project_kind_idx" ON "alerts" USING btree ("project_id","kind","created_at");
