-- U2__orders_archive.sql: undoes V2.
DROP CONNECTOR IF EXISTS orders-archive;
