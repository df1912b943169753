-- Decision 0057: the audit chain's digest becomes inlinable. audit_event_digest is a one-line SQL
-- function declared IMMUTABLE, but its body calls to_char(timestamp, text), which PostgreSQL marks
-- STABLE; an IMMUTABLE SQL function whose body is not immutable is never inlined, so every audit
-- row (the chain triggers call it once per insert) ran it through the SQL-function executor, which
-- parses and plans the body again in each transaction: about 0.1 ms of database CPU per audited
-- request, most of the audit insert (docs/benchmarks.md). Declared STABLE — what its body is — it
-- is inlined into the trigger's expression and planned once per connection. The digest it returns
-- is the same string for the same inputs (the chain and its verification do not change); nothing
-- indexes it, and the verification functions that also call it are STABLE themselves.
ALTER FUNCTION audit_event_digest(text, bigint, timestamptz, uuid, text, uuid, text, text, text, audit_outcome, text, text, text, jsonb, text) STABLE;
