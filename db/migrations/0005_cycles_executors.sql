CREATE TABLE "executors" (
	"executor_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"pid" integer NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "report" jsonb;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;