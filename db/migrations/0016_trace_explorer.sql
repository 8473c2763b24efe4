-- The trace explorer lists traces newest first in keyset order (sort time, trace id) and filters
-- them by anomaly signal: one index each, so a page reads a bounded number of rows.
CREATE INDEX "traces_list_idx" ON "traces" USING btree ("project_id", (coalesce("start_time", "last_span_at")) DESC, "trace_id" DESC);
--> statement-breakpoint
CREATE INDEX "traces_signals_idx" ON "traces" USING gin ("signals" jsonb_path_ops);
