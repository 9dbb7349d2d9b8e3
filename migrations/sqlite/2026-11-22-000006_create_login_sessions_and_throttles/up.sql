-- An admin can disable an account; a disabled account cannot log in and loses its sessions.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;

-- One row per logged-in browser. The session cookie carries a random token; only its SHA-256
-- is stored, so a copy of the database cannot be turned into working cookies. Deleting a row
-- logs that browser out, whatever cookie it still holds.
CREATE TABLE login_sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX login_sessions_user_id ON login_sessions (user_id);

-- Attempts that are limited per time window (failed logins, registrations, reset requests),
-- kept in the database so that every instance of the shop counts the same attempts.
CREATE TABLE throttle_events (
    id INTEGER PRIMARY KEY NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX throttle_events_lookup ON throttle_events (action, subject, occurred_at);
