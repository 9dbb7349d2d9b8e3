DROP TABLE throttle_events;
DROP TABLE login_sessions;
ALTER TABLE users DROP COLUMN disabled_at;
