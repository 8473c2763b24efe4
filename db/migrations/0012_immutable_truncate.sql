-- Every table the code calls immutable or append-only rejects TRUNCATE too (0002 and 0004 covered
-- UPDATE and DELETE on these, TRUNCATE only on some). A TRUNCATE trigger binds every login,
-- owners included; the app login additionally holds no TRUNCATE privilege (db/roles.ts).
CREATE TRIGGER evaluator_status_changes_no_truncate BEFORE TRUNCATE ON evaluator_status_changes
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('evaluator status changes are append-only');
--> statement-breakpoint
CREATE TRIGGER calibration_reports_no_truncate BEFORE TRUNCATE ON calibration_reports
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('calibration reports are immutable');
--> statement-breakpoint
-- Agreement history is the record drift is measured against: rows are added, never wiped.
CREATE TRIGGER agreement_history_no_truncate BEFORE TRUNCATE ON agreement_history
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('agreement history is append-only');
