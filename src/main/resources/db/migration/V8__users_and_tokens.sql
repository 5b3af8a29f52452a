-- Issue 10: people log in with a role, machine clients hold named API tokens.
-- Roles: viewer (read), operator (also acknowledge and clear alerts), admin (everything).
CREATE TABLE users (
  id                   bigserial PRIMARY KEY,
  name                 text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
  role                 text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  -- PHC-style string of a slow hash ($pbkdf2$it=...$salt$hash), never the password (docs/decisions.md)
  password_hash        text NOT NULL,
  -- set for a generated one-time password: the user must choose a new one before doing anything else
  must_change_password boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now()
);

-- Sessions live here, not in one instance's memory, so that any instance behind the same address
-- serves any logged-in browser. The cookie carries a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash      bytea PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- synchronizer token the page sends back in X-CSRF-Token on every write
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Bearer tokens of machine clients. Shown once at creation; only the SHA-256 of the (256-bit random)
-- token is stored. A revoked token keeps its row (who had what, until when).
CREATE TABLE api_tokens (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role         text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_tokens_live_name_idx ON api_tokens (name) WHERE revoked_at IS NULL;
