-- Evaluator versions, their status history and calibration reports are immutable.
CREATE TRIGGER evaluator_versions_immutable BEFORE UPDATE OR DELETE ON evaluator_versions
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('publish a new evaluator version instead');
--> statement-breakpoint
CREATE TRIGGER evaluator_versions_no_truncate BEFORE TRUNCATE ON evaluator_versions
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('evaluator versions are immutable');
--> statement-breakpoint
CREATE TRIGGER evaluator_status_changes_append_only BEFORE UPDATE OR DELETE ON evaluator_status_changes
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('record a new status change instead');
--> statement-breakpoint
CREATE TRIGGER calibration_reports_immutable BEFORE UPDATE OR DELETE ON calibration_reports
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('calibrate again instead');
