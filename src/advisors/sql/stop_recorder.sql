-- Stops recording once the advisors have read the log: the project's
-- tests and anything after them run without the trigger.
DROP EVENT TRIGGER IF EXISTS schemagate_advisors_record;
DROP SCHEMA IF EXISTS schemagate_advisors CASCADE;
