-- Subscriptions (careplan.subscriptions): who subscribed with which rights, the events numbered for
-- each subscription, and the changes written but not yet matched to subscriptions. Created when
-- missing; every statement may run again.

-- One row per Subscription resource: its delivery state and its creator's grant.
CREATE TABLE IF NOT EXISTS cp_subscription (
    subscription_id   VARCHAR(100) PRIMARY KEY,
    status            VARCHAR(16)  NOT NULL,
    handshake_done    BOOLEAN      NOT NULL DEFAULT FALSE,
    owner_client      VARCHAR(200),
    grant_scopes      TEXT         NOT NULL,
    grant_patient     VARCHAR(100),
    grant_user        VARCHAR(200),
    fhir_base         VARCHAR(500) NOT NULL,
    heartbeat_seconds INTEGER      NOT NULL DEFAULT 0,
    resource_version  BIGINT       NOT NULL,
    events_total      BIGINT       NOT NULL DEFAULT 0,
    delivered_through BIGINT       NOT NULL DEFAULT 0,
    failures          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    last_sent_at      TIMESTAMPTZ,
    last_error        TEXT,
    lease_until       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Each event numbered for a subscription: what changed, which version, when. Kept for $events
-- after delivery, until careplan.subscriptions.event-retention has passed.
CREATE TABLE IF NOT EXISTS cp_subscription_event (
    subscription_id VARCHAR(100) NOT NULL,
    event_number    BIGINT       NOT NULL,
    focus           VARCHAR(300) NOT NULL,
    interaction     VARCHAR(8)   NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (subscription_id, event_number)
);

CREATE INDEX IF NOT EXISTS cp_subscription_event_age ON cp_subscription_event (occurred_at);

-- Writes of topic types, recorded in the writing transaction and removed once matched: a change
-- committed is never lost to a restart between the write and its notification.
CREATE TABLE IF NOT EXISTS cp_resource_change (
    change_id     BIGSERIAL    PRIMARY KEY,
    resource_type VARCHAR(64)  NOT NULL,
    resource_id   VARCHAR(100) NOT NULL,
    version_id    BIGINT       NOT NULL,
    interaction   VARCHAR(8)   NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
