CREATE TABLE "cycles" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"budget" integer NOT NULL,
	"random_fraction" double precision NOT NULL,
	"status" text DEFAULT 'reviewing' NOT NULL,
	"fill_stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_version_labels" (
	"dataset_version_id" uuid NOT NULL,
	"label_id" uuid NOT NULL,
	CONSTRAINT "dataset_version_labels_dataset_version_id_label_id_pk" PRIMARY KEY("dataset_version_id","label_id")
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"label_count" integer NOT NULL,
	"rubric_versions" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"failure_mode_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failure_modes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"graded" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"score" double precision NOT NULL,
	"comment" text,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"task_id" uuid,
	"failure_mode_id" uuid,
	"verdict" text NOT NULL,
	"score" double precision,
	"critique" text,
	"reviewer" text NOT NULL,
	"rubric_version" integer,
	"sampling" text,
	"sampling_probability" double precision,
	"supersedes" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"sampling" text NOT NULL,
	"stratum" text NOT NULL,
	"probability" double precision NOT NULL,
	"priority" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"duplicate_trace_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"assigned_to" text,
	"locked_by" text,
	"lock_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rubric_versions" (
	"failure_mode_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rubric" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubric_versions_failure_mode_id_version_pk" PRIMARY KEY("failure_mode_id","version")
);
--> statement-breakpoint
DROP INDEX "traces_session_idx";--> statement-breakpoint
DROP INDEX "traces_user_idx";--> statement-breakpoint
ALTER TABLE "traces" ADD COLUMN "signal_notes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "traces" ADD COLUMN "route" text;--> statement-breakpoint
ALTER TABLE "traces" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "dataset_version_labels" ADD CONSTRAINT "dataset_version_labels_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_version_labels" ADD CONSTRAINT "dataset_version_labels_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_failure_mode_id_failure_modes_id_fk" FOREIGN KEY ("failure_mode_id") REFERENCES "public"."failure_modes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_failure_mode_id_failure_modes_id_fk" FOREIGN KEY ("failure_mode_id") REFERENCES "public"."failure_modes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_failure_mode_id_failure_modes_id_fk" FOREIGN KEY ("failure_mode_id") REFERENCES "public"."failure_modes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycles_project_idx" ON "cycles" USING btree ("project_id","window_start");--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_versions_idx" ON "dataset_versions" USING btree ("dataset_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_name_idx" ON "datasets" USING btree ("project_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "failure_modes_key_idx" ON "failure_modes" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "feedback_trace_idx" ON "feedback" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE INDEX "labels_project_mode_idx" ON "labels" USING btree ("project_id","failure_mode_id");--> statement-breakpoint
CREATE INDEX "labels_trace_idx" ON "labels" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_tasks_cycle_trace_idx" ON "review_tasks" USING btree ("cycle_id","trace_id");--> statement-breakpoint
CREATE INDEX "review_tasks_queue_idx" ON "review_tasks" USING btree ("project_id","status","priority");--> statement-breakpoint
CREATE INDEX "traces_baseline_idx" ON "traces" USING btree ("project_id","route","prompt_version","model_version","start_time");--> statement-breakpoint
CREATE INDEX "traces_session_idx" ON "traces" USING btree ("project_id","session_id","start_time");--> statement-breakpoint
CREATE INDEX "traces_user_idx" ON "traces" USING btree ("project_id","user_id","start_time");