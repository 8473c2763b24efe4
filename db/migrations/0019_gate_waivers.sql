-- A gate waiver: an admin's decision to let a blocked or inconclusive gate through, with who, when
-- and why. One per gate run, immutable (a waiver is the audit record of that decision).
CREATE TABLE "gate_waivers" (
	"gate_id" text PRIMARY KEY NOT NULL REFERENCES "gate_runs"("id"),
	"project_id" text NOT NULL,
	"waived_by" text NOT NULL,
	"key_id" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gate_waivers_reason_check" CHECK (length(btrim("reason")) between 1 and 2000)
);
--> statement-breakpoint
CREATE TRIGGER gate_waivers_immutable BEFORE UPDATE OR DELETE ON gate_waivers
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('a waiver is the record of a decision');
--> statement-breakpoint
CREATE TRIGGER gate_waivers_no_truncate BEFORE TRUNCATE ON gate_waivers
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('gate waivers are immutable');
