-- V3__archive_two_tasks.sql: a change to a live connector, as ALTER.
ALTER CONNECTOR orders-archive SET ('tasks.max' = '2');
