CREATE TABLE "agreement_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluator_version_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"model" text,
	"mcc" double precision,
	"mcc_lower" double precision,
	"mcc_upper" double precision,
	"n" integer NOT NULL,
	"details" jsonb NOT NULL,
	"measured_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"delivered" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gate_outputs" (
	"gate_id" text NOT NULL,
	"item_key" text NOT NULL,
	"input" text NOT NULL,
	"output" text NOT NULL,
	"context" jsonb,
	CONSTRAINT "gate_outputs_gate_id_item_key_pk" PRIMARY KEY("gate_id","item_key")
);
--> statement-breakpoint
CREATE TABLE "gate_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"release" text NOT NULL,
	"baseline" text,
	"source" text NOT NULL,
	"dataset_version_id" uuid,
	"status" text DEFAULT 'running' NOT NULL,
	"result" jsonb,
	"markdown" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agreement_history" ADD CONSTRAINT "agreement_history_evaluator_version_id_evaluator_versions_id_fk" FOREIGN KEY ("evaluator_version_id") REFERENCES "public"."evaluator_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_history_version_idx" ON "agreement_history" USING btree ("evaluator_version_id","measured_at");--> statement-breakpoint
CREATE INDEX "alerts_project_idx" ON "alerts" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "gate_runs_release_idx" ON "gate_runs" USING btree ("project_id","release");--> statement-breakpoint
CREATE INDEX "gate_runs_time_idx" ON "gate_runs" USING btree ("project_id","created_at");