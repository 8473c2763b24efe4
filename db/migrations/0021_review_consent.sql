-- Consent to human review (core/consent.ts): what a trace's spans said, computed when it closes.
-- null = no consent attribute; a project decides whether that means yes or no.
ALTER TABLE "traces" ADD COLUMN "consent" text;
--> statement-breakpoint
-- Why a task left the queue without a label when nobody skipped it (e.g. consent withdrawn).
ALTER TABLE "review_tasks" ADD COLUMN "skip_reason" text;
--> statement-breakpoint
-- How many labels a frozen version left out because their traces may not be reviewed.
ALTER TABLE "dataset_versions" ADD COLUMN "excluded_no_consent" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- How many of a frozen version's labels are on synthetic traces (core/import/synthetic.ts).
ALTER TABLE "dataset_versions" ADD COLUMN "synthetic_labels" integer DEFAULT 0 NOT NULL;
