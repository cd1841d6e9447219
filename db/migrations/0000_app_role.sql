-- The role Haven's application code runs as (SET LOCAL ROLE haven_app in every
-- unit of work). It owns nothing and cannot bypass row-level security, so the
-- database itself keeps each school's rows to that school. Roles are
-- cluster-wide, so creation is conditional: several databases may share it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'haven_app') THEN
    CREATE ROLE haven_app NOLOGIN NOINHERIT NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
-- The migrating user must be able to switch to the role (a no-op for superusers).
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT haven_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO haven_app;
--> statement-breakpoint
-- Tables created by later migrations are readable and writable by the app,
-- never deletable: records are soft-deleted. A table that really needs DELETE
-- (sessions, tokens) is granted it explicitly in its migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO haven_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO haven_app;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
