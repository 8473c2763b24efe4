-- Every generation run leaves a record: each candidate's figures, the selected evaluators'
-- selection-aware figures, what was published and why the rest was not. Immutable.
CREATE TABLE "generation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"run_key" text NOT NULL,
	"dataset_version_id" uuid NOT NULL REFERENCES "dataset_versions"("id"),
	"failure_modes" jsonb,
	"created_by" text NOT NULL,
	"published_count" integer NOT NULL,
	"summary" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "generation_runs_key_idx" ON "generation_runs" USING btree ("project_id","run_key");
--> statement-breakpoint
CREATE INDEX "generation_runs_project_idx" ON "generation_runs" USING btree ("project_id","created_at");
--> statement-breakpoint
CREATE TRIGGER generation_runs_immutable BEFORE UPDATE OR DELETE ON generation_runs
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('generation runs are a record: run generation again instead');
--> statement-breakpoint
CREATE TRIGGER generation_runs_no_truncate BEFORE TRUNCATE ON generation_runs
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('generation runs are immutable');
