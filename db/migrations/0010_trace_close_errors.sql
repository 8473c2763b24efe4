ALTER TABLE "traces" ADD COLUMN "close_error" text;
