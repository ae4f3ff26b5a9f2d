-- Tables of the embedded SMART authorization server, created on start-up when missing.
-- The oauth2_* tables hold what Spring Authorization Server's JDBC stores read and write; their
-- column names are that library's contract. Token values are text (PostgreSQL has no blob) and
-- are looked up by hash index: the FHIR endpoint checks every access token against this store so
-- that a revoked token stops working at once.

CREATE TABLE IF NOT EXISTS oauth2_registered_client (
    id                            varchar(100)  PRIMARY KEY,
    client_id                     varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at           timestamptz   NOT NULL DEFAULT now(),
    client_secret                 varchar(200),
    client_secret_expires_at      timestamptz,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(4000),
    post_logout_redirect_uris     varchar(1000),
    scopes                        varchar(4000) NOT NULL,
    client_settings               varchar(8000) NOT NULL,
    token_settings                varchar(2000) NOT NULL
);

CREATE TABLE IF NOT EXISTS oauth2_authorization (
    id                            varchar(100)  PRIMARY KEY,
    registered_client_id          varchar(100)  NOT NULL,
    principal_name                varchar(200)  NOT NULL,
    authorization_grant_type      varchar(100)  NOT NULL,
    authorized_scopes             varchar(4000),
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           varchar(4000),
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text
);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_access_token ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_refresh_token ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_code ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_id_token ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_state ON oauth2_authorization USING hash (state);
CREATE INDEX IF NOT EXISTS oauth2_authorization_by_expiry ON oauth2_authorization (access_token_expires_at);

CREATE TABLE IF NOT EXISTS oauth2_authorization_consent (
    registered_client_id varchar(100)  NOT NULL,
    principal_name       varchar(200)  NOT NULL,
    authorities          varchar(4000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- People who log in: case managers, patients, caregivers and administrators.
CREATE TABLE IF NOT EXISTS careplan_user (
    username      varchar(200) PRIMARY KEY,
    password_hash varchar(500) NOT NULL,
    fhir_user     varchar(300),
    admin         boolean      NOT NULL DEFAULT false,
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

-- Launch contexts: an opaque launch value binds a patient (and encounter) to an authorization.
CREATE TABLE IF NOT EXISTS careplan_launch (
    launch_id           varchar(100) PRIMARY KEY,
    patient             varchar(300),
    encounter           varchar(300),
    bound_to_user       varchar(200),
    need_patient_banner boolean      NOT NULL,
    expires_at          timestamptz  NOT NULL
);

-- Client assertion ids already used (private_key_jwt), so that none is accepted twice.
CREATE TABLE IF NOT EXISTS careplan_client_assertion (
    jti        varchar(300) NOT NULL,
    client_id  varchar(100) NOT NULL,
    expires_at timestamptz  NOT NULL,
    PRIMARY KEY (client_id, jti)
);

-- In cluster mode without a key file: the token signing keys every instance signs and checks with,
-- created by the first instance to start. One row.
CREATE TABLE IF NOT EXISTS careplan_signing_keys (
    id      smallint PRIMARY KEY CHECK (id = 1),
    jwk_set text     NOT NULL
);

-- Sign-in sessions of the web pages (sign-in, patient picker, consent), kept by Spring Session so
-- that a person who signed in on one instance of a cluster is signed in on every other, and stays
-- signed in across a restart. The tables Spring Session's JDBC repository reads and writes.
CREATE TABLE IF NOT EXISTS spring_session (
    primary_id            char(36)     NOT NULL,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval int          NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS spring_session_ix1 ON spring_session (session_id);
CREATE INDEX IF NOT EXISTS spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX IF NOT EXISTS spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE IF NOT EXISTS spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- Failed sign-ins, counted per account and per network address (kind 'account' or 'address'), so
-- that a lock holds on every instance and across restarts. A row whose last failure is older than
-- careplan.security.sign-in.lockout no longer counts, and is deleted at the next failure.
CREATE TABLE IF NOT EXISTS careplan_sign_in_failure (
    kind          varchar(7)   NOT NULL,
    key           varchar(320) NOT NULL,
    failures      integer      NOT NULL,
    last_failure  timestamptz  NOT NULL,
    CONSTRAINT careplan_sign_in_failure_pk PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS careplan_sign_in_failure_age ON careplan_sign_in_failure (last_failure);
