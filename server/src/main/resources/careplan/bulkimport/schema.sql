-- Bulk import (careplan.bulk-import): each import's state, progress and refused lines, where a status
-- poll reaching any instance finds them. Created when missing; every statement may run again.

-- One row per import, written by the instance that runs it: at kick-off, every few seconds while it
-- runs (the heartbeat says it is alive), and when it ends. Per-input figures are arrays in the order
-- of the kick-off's inputs.
CREATE TABLE IF NOT EXISTS careplan_import_job (
    id                VARCHAR(36)  PRIMARY KEY,
    client_id         VARCHAR(200),
    request           TEXT         NOT NULL,
    server_base       TEXT         NOT NULL,
    transaction_time  TIMESTAMPTZ  NOT NULL,
    input_types       TEXT[]       NOT NULL,
    input_urls        TEXT[]       NOT NULL,
    stored            BIGINT[]     NOT NULL,
    refused           BIGINT[]     NOT NULL,
    state             VARCHAR(10)  NOT NULL,
    failure           TEXT,
    finished          TIMESTAMPTZ,
    cancel_requested  BOOLEAN      NOT NULL DEFAULT FALSE,
    heartbeat         TIMESTAMPTZ  NOT NULL
);

CREATE INDEX IF NOT EXISTS careplan_import_job_running ON careplan_import_job (heartbeat) WHERE state = 'RUNNING';

-- The OperationOutcome of each refused line, in the order the lines were refused.
CREATE TABLE IF NOT EXISTS careplan_import_error (
    id       BIGSERIAL    PRIMARY KEY,
    job_id   VARCHAR(36)  NOT NULL REFERENCES careplan_import_job (id) ON DELETE CASCADE,
    input    INTEGER      NOT NULL,
    outcome  TEXT         NOT NULL
);

CREATE INDEX IF NOT EXISTS careplan_import_error_of_input ON careplan_import_error (job_id, input, id);
