-- Second-factor failures per account, across sessions (issue 17, item 1). A password sign-in
-- does not reset it (each sign-in used to grant five fresh guesses); only a correct second
-- factor or a password reset does. Reaching the budget locks the account (locked_until).
ALTER TABLE app_user ADD COLUMN mfa_failed_count integer NOT NULL DEFAULT 0;
