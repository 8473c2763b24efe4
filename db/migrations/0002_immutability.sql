-- Labels are append-only; rubric versions, dataset versions and their label lists are immutable.
-- Enforced here, for every role the application uses, not only in code.
CREATE FUNCTION evalloop_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % is not allowed (%)', TG_TABLE_NAME, TG_OP, TG_ARGV[0]
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER labels_append_only BEFORE UPDATE OR DELETE ON labels
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('record a new label that supersedes it instead');
--> statement-breakpoint
CREATE TRIGGER labels_no_truncate BEFORE TRUNCATE ON labels
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('labels are append-only');
--> statement-breakpoint
CREATE TRIGGER rubric_versions_immutable BEFORE UPDATE OR DELETE ON rubric_versions
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('add a new rubric version instead');
--> statement-breakpoint
CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE OR DELETE ON dataset_versions
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('freeze a new version instead');
--> statement-breakpoint
CREATE TRIGGER dataset_version_labels_immutable BEFORE UPDATE OR DELETE ON dataset_version_labels
  FOR EACH ROW EXECUTE FUNCTION evalloop_reject_change('freeze a new version instead');
--> statement-breakpoint
CREATE TRIGGER immutable_no_truncate BEFORE TRUNCATE ON rubric_versions
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('rubric versions are immutable');
--> statement-breakpoint
CREATE TRIGGER dataset_versions_no_truncate BEFORE TRUNCATE ON dataset_versions
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('dataset versions are immutable');
--> statement-breakpoint
CREATE TRIGGER dataset_version_labels_no_truncate BEFORE TRUNCATE ON dataset_version_labels
  FOR EACH STATEMENT EXECUTE FUNCTION evalloop_reject_change('dataset versions are immutable');
