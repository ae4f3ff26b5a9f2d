-- Audit trail (careplan.audit): the AuditEvents, each committed before its request's answer is sent
-- (or, for a write, in the writing transaction). Created when missing; every statement may run again.

-- The outbox that earlier versions put every record in first, the compact JSON of one
-- event each: the drain still turns what is left there into AuditEvents. Its sequence gives every
-- event its id, so drained and new events never share one.
CREATE TABLE IF NOT EXISTS cp_audit_outbox (
    id     BIGSERIAL PRIMARY KEY,
    event  TEXT NOT NULL
);

-- One row per AuditEvent, its id from the outbox's sequence; the columns are what AuditEvent searches
-- use. record is the compact JSON of the event, from which the AuditEvent is rendered when read; resource
-- holds the rendered JSON of events stored before record was kept (and is empty for later ones).
CREATE TABLE IF NOT EXISTS cp_audit_event (
    id            BIGINT       PRIMARY KEY,
    recorded      TIMESTAMPTZ  NOT NULL,
    type_system   VARCHAR(200) NOT NULL,
    type_code     VARCHAR(64)  NOT NULL,
    subtypes      TEXT[]       NOT NULL,
    action        CHAR(1)      NOT NULL,
    outcome       VARCHAR(2)   NOT NULL,
    patient       VARCHAR(200),
    agents        TEXT[]       NOT NULL,
    entities      TEXT[]       NOT NULL,
    entity_name   VARCHAR(200),
    address       VARCHAR(100),
    resource      TEXT,
    record        TEXT
);
-- A table made by an earlier version (resource required, no record) is brought to this shape by
-- record-column.sql, run only when it is needed (AuditSchema).

CREATE INDEX IF NOT EXISTS cp_audit_event_recorded ON cp_audit_event (recorded);
CREATE INDEX IF NOT EXISTS cp_audit_event_patient ON cp_audit_event (patient, recorded) WHERE patient IS NOT NULL;
CREATE INDEX IF NOT EXISTS cp_audit_event_agents ON cp_audit_event USING GIN (agents);
CREATE INDEX IF NOT EXISTS cp_audit_event_entities ON cp_audit_event USING GIN (entities);
