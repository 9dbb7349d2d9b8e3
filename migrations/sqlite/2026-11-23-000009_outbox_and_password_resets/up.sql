-- Mail waiting to be sent, and mail that was. A request never talks to the mail server: it
-- writes a row here, in the same transaction as the change the mail is about, and the mail
-- job sends it later (services::mail::send_due). Rows are never deleted by sending, so the
-- admin's outbox shows what went out, what waits and what keeps failing.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    sent_at TIMESTAMP
);
-- The mail job's question: which unsent messages are due?
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- "Forgot my password" links. The link carries a random token; only its SHA-256 is stored,
-- so a copy of the database cannot be turned into working links. A token works once
-- (used_at) and only until expires_at.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user_id ON password_resets (user_id);
