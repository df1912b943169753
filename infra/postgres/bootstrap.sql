-- Production bootstrap for a PostgreSQL server we do not own as superuser (run once by an admin).
-- Then: DATABASE_URL=postgresql://carefold_owner:…@host/carefold npm run db:migrate
-- and give the apps APP_DATABASE_URL=postgresql://carefold_app:…@host/carefold.
CREATE ROLE carefold_owner LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE carefold_app   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE carefold OWNER carefold_owner;
GRANT CONNECT, CREATE ON DATABASE carefold TO carefold_app;  -- CREATE: the job queue owns schema pgboss (decision 0004)
