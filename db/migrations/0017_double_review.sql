-- Double review: a share of each cycle's traces is queued twice (copy 1 and copy 2), blind, for two
-- different reviewers; their agreement is the ceiling for any evaluator.
ALTER TABLE "review_tasks" ADD COLUMN "copy" smallint DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "review_tasks" ADD COLUMN "double_review" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_copy_check" CHECK ("copy" IN (1, 2) AND ("copy" = 1 OR "double_review"));
--> statement-breakpoint
DROP INDEX "review_tasks_cycle_trace_idx";
--> statement-breakpoint
CREATE UNIQUE INDEX "review_tasks_cycle_trace_idx" ON "review_tasks" USING btree ("cycle_id","trace_id","copy");
--> statement-breakpoint
CREATE INDEX "review_tasks_trace_idx" ON "review_tasks" USING btree ("project_id","trace_id");
--> statement-breakpoint
-- An adjudication is a label (append-only, attributed, dated, frozen into dataset versions like any
-- label) that settles one failure mode of a double-reviewed trace; `adjudicates` lists the
-- disagreeing labels it resolved. At most one per trace and mode.
ALTER TABLE "labels" ADD COLUMN "adjudicates" jsonb;
--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_adjudicates_shape" CHECK ("adjudicates" IS NULL OR (jsonb_typeof("adjudicates") = 'array' AND "failure_mode_id" IS NOT NULL));
--> statement-breakpoint
CREATE UNIQUE INDEX "labels_adjudication_idx" ON "labels" USING btree ("project_id","trace_id","failure_mode_id") WHERE "adjudicates" IS NOT NULL;
