-- The role and the database of a PostgreSQL on the instance, for deploy/ec2-user-data.sh.
-- Safe to run again: an existing role gets the new password, an existing database stays.
-- The password comes from the environment, never from the command line (where `ps` shows it):
--   AUTHAPI_DB_PASSWORD=... psql -v ON_ERROR_STOP=1 [-v role=NAME] [-v database=NAME] -f local-database.sql
\getenv password AUTHAPI_DB_PASSWORD
\if :{?role}
\else
  \set role authapi
\endif
\if :{?database}
\else
  \set database authapi
\endif

SELECT format('CREATE ROLE %I', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
