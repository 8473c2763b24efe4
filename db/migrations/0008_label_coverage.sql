-- A label records every failure mode it judged: one entry per covered mode with the rubric version
-- in force, the verdict and the score. NULL = a label made before coverage was recorded (it judges
-- only its own failure_mode_id; a "no failure" one the modes that existed then). See db/schema/annotate.ts.
ALTER TABLE "labels" ADD COLUMN "covered" jsonb;
--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_covered_shape" CHECK (
  "covered" IS NULL OR jsonb_typeof("covered") = 'array'
);
--> statement-breakpoint
CREATE INDEX "labels_covered_idx" ON "labels" USING gin ("covered" jsonb_path_ops);
