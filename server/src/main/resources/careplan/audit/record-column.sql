-- Brings a cp_audit_event made before events were stored as their records to the shape of
-- schema.sql. Run only when the table lacks the column or still requires resource: each statement
-- takes PostgreSQL's exclusive lock on the table even when it has nothing to change.
ALTER TABLE cp_audit_event ADD COLUMN IF NOT EXISTS record TEXT;
ALTER TABLE cp_audit_event ALTER COLUMN resource DROP NOT NULL;
