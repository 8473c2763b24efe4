CREATE TABLE "calibration_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluator_version_id" uuid NOT NULL,
	"dataset_version_id" uuid,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"evaluator_version_id" uuid NOT NULL,
	"run_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"score" double precision,
	"verdict" text,
	"explanation" text,
	"cost" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluator_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluator_version_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluator_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"rubric" text,
	"threshold" double precision NOT NULL,
	"model" text,
	"provider" text,
	"calibration_dataset_version_id" uuid,
	"metrics" jsonb NOT NULL,
	"initial_status" text NOT NULL,
	"parent_version_id" uuid,
	"created_by" text NOT NULL,
	"source_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluator_versions_source_key_unique" UNIQUE("source_key")
);
--> statement-breakpoint
CREATE TABLE "evaluators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"failure_mode_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judge_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calibration_reports" ADD CONSTRAINT "calibration_reports_evaluator_version_id_evaluator_versions_id_fk" FOREIGN KEY ("evaluator_version_id") REFERENCES "public"."evaluator_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_reports" ADD CONSTRAINT "calibration_reports_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_evaluator_version_id_evaluator_versions_id_fk" FOREIGN KEY ("evaluator_version_id") REFERENCES "public"."evaluator_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_status_changes" ADD CONSTRAINT "evaluator_status_changes_evaluator_version_id_evaluator_versions_id_fk" FOREIGN KEY ("evaluator_version_id") REFERENCES "public"."evaluator_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_versions" ADD CONSTRAINT "evaluator_versions_evaluator_id_evaluators_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."evaluators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_versions" ADD CONSTRAINT "evaluator_versions_calibration_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("calibration_dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluators" ADD CONSTRAINT "evaluators_failure_mode_id_failure_modes_id_fk" FOREIGN KEY ("failure_mode_id") REFERENCES "public"."failure_modes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calibration_reports_version_idx" ON "calibration_reports" USING btree ("evaluator_version_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_results_run_idx" ON "evaluation_results" USING btree ("run_id","evaluator_version_id","trace_id");--> statement-breakpoint
CREATE INDEX "evaluation_results_trace_idx" ON "evaluation_results" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE INDEX "evaluator_status_version_idx" ON "evaluator_status_changes" USING btree ("evaluator_version_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluator_versions_idx" ON "evaluator_versions" USING btree ("evaluator_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluators_name_idx" ON "evaluators" USING btree ("project_id","failure_mode_id","name");