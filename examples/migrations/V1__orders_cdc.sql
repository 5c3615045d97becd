-- V1__orders_cdc.sql: the orders table into Kafka, one topic per table.
-- ${pg_host} comes from --define pg_host=...; the password stays on the workers (${env:...}).
CREATE SOURCE CONNECTOR orders-cdc
  USING 'PostgresConnector'
  WITH (
    'database.hostname' = '${pg_host}',
    'database.port' = '5432',
    'database.user' = 'connql',
    'database.password' = '${env:PG_PASSWORD}',
    'database.dbname' = 'shop',
    'topic.prefix' = 'cdc',
    'table.include.list' = 'inventory.orders',
    'plugin.name' = 'pgoutput'
  )
  TRANSFORM unwrap USING 'io.debezium.transforms.ExtractNewRecordState' WITH ('drop.tombstones' = 'false');
