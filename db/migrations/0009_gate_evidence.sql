ALTER TABLE "gate_runs" ADD COLUMN "evidence" text;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "evidence_summary" jsonb;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "reuse_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "last_reused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD CONSTRAINT "gate_runs_status_check" CHECK ("status" in ('running', 'pass', 'blocked', 'inconclusive', 'error'));--> statement-breakpoint
CREATE INDEX "gate_runs_evidence_idx" ON "gate_runs" USING btree ("project_id","release","evidence");--> statement-breakpoint
CREATE TABLE "gate_items" (
	"gate_id" text NOT NULL,
	"side" text NOT NULL,
	"item_key" text NOT NULL,
	"trace_id" text NOT NULL,
	CONSTRAINT "gate_items_gate_id_side_trace_id_pk" PRIMARY KEY("gate_id","side","trace_id")
);
