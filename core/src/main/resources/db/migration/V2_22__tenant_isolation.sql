-- Issue 22 (tenants cannot hurt each other).
-- A tenant's DELETE of a call hides the row from the tenant (deleted_at); the operator keeps it
-- for tenancy.deleted_call_retention_days, then the daemon purges it.
ALTER TABLE calls ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- Auth tokens are kept as keyed hashes (HMAC-SHA256 with a key outside the database), compared in
-- constant time. Rows from before hold the clear token in auth_token: the daemon, which has the
-- key, hashes them at start and empties the clear column (AuthTokens.migrate).
ALTER TABLE accounts ADD COLUMN auth_token_hash VARCHAR(64);
ALTER TABLE accounts ADD COLUMN secondary_auth_token_hash VARCHAR(64);
ALTER TABLE accounts ADD COLUMN secondary_auth_token_created TIMESTAMP WITH TIME ZONE;
ALTER TABLE accounts ALTER COLUMN auth_token DROP NOT NULL;
