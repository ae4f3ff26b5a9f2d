-- Who runs the cluster's scheduled jobs, and until when without renewing (one row per role).
CREATE TABLE IF NOT EXISTS careplan_cluster_lease (
    name       VARCHAR(64)  PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL
);

-- Moves whenever any server begins or ends a write, so that answers a server kept in memory are
-- known stale when another server wrote. A sequence: bumping it takes no lock that writes wait on.
CREATE SEQUENCE IF NOT EXISTS careplan_store_generation;
