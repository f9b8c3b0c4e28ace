-- Single sign-on: which identity at which OpenID Connect issuer is which Thirdspace account.
-- A person is linked once, by verified email; later sign-ins match on (issuer, subject), so a
-- changed or reassigned email at the issuer never moves the link to someone else.
CREATE TABLE oidc_identities (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  linked_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject),
  -- One identity per issuer per account: a second identity with the same email is refused.
  UNIQUE (user_id, issuer)
);
