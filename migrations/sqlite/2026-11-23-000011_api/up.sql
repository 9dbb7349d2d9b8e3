-- Personal API tokens: a customer makes them on /account for programs that use the JSON API
-- (/api/v1) on their behalf. The token itself is shown once; only its SHA-256 is stored, so a
-- copy of the database cannot be turned into working tokens. Revoking keeps the row
-- (revoked_at), so the account page and support can still see what existed and when it was
-- last used.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- Idempotency keys of the API's checkout: the first request with a key claims it (a row with
-- no status yet); its answer is stored when it is done, and a retry with the same key gets
-- that answer again instead of a second order. request_hash tells a retry from a different
-- request that reuses the key.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, key)
);
