CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"role" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "log_records" (
	"project_id" text NOT NULL,
	"record_id" text NOT NULL,
	"trace_id" text,
	"span_id" text,
	"time_ns" bigint NOT NULL,
	"event_name" text,
	"severity_number" smallint NOT NULL,
	"severity_text" text,
	"body" jsonb,
	"attributes" jsonb NOT NULL,
	"resource" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_records_project_id_record_id_pk" PRIMARY KEY("project_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spans" (
	"project_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"otel_kind" smallint NOT NULL,
	"start_time" timestamp(6) with time zone NOT NULL,
	"end_time" timestamp(6) with time zone NOT NULL,
	"start_ns" bigint NOT NULL,
	"duration_ms" double precision NOT NULL,
	"status_code" smallint NOT NULL,
	"status_message" text,
	"is_error" boolean NOT NULL,
	"error_type" text,
	"provider" text,
	"request_model" text,
	"response_model" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"cache_read_tokens" integer,
	"cache_write_tokens" integer,
	"reasoning_tokens" integer,
	"session_id" text,
	"user_id" text,
	"tags" jsonb NOT NULL,
	"content" jsonb NOT NULL,
	"resource" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"attributes" jsonb NOT NULL,
	"events" jsonb NOT NULL,
	"links" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spans_project_id_trace_id_span_id_pk" PRIMARY KEY("project_id","trace_id","span_id")
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"project_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"first_received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_span_at" timestamp(6) with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"root_span_name" text,
	"session_id" text,
	"user_id" text,
	"release" text,
	"environment" text,
	"prompt_version" text,
	"model_version" text,
	"feature_flags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"input" text,
	"output" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"span_count" integer DEFAULT 0 NOT NULL,
	"llm_calls" integer DEFAULT 0 NOT NULL,
	"tool_calls" integer DEFAULT 0 NOT NULL,
	"tool_errors" integer DEFAULT 0 NOT NULL,
	"has_error" boolean DEFAULT false NOT NULL,
	"start_time" timestamp(6) with time zone,
	"end_time" timestamp(6) with time zone,
	"latency_ms" double precision,
	"signals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"anomaly_score" double precision,
	CONSTRAINT "traces_project_id_trace_id_pk" PRIMARY KEY("project_id","trace_id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_project_idx" ON "api_keys" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "log_records_trace_idx" ON "log_records" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE INDEX "traces_open_idx" ON "traces" USING btree ("last_span_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "traces_project_start_idx" ON "traces" USING btree ("project_id","start_time");--> statement-breakpoint
CREATE INDEX "traces_session_idx" ON "traces" USING btree ("project_id","session_id");--> statement-breakpoint
CREATE INDEX "traces_user_idx" ON "traces" USING btree ("project_id","user_id");--> statement-breakpoint
CREATE INDEX "traces_release_idx" ON "traces" USING btree ("project_id","release");