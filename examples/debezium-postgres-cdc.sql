-- Change data capture from PostgreSQL with Debezium.
--
-- Each table of the `inventory` schema becomes a topic of flat row records
-- (ExtractNewRecordState unwraps Debezium's before/after envelope), renamed from
-- `pg.inventory.orders` to `cdc.orders` (RegexRouter). Deletes keep their
-- tombstones so that compacted topics forget deleted rows.
--
-- The password never appears here: the worker resolves ${env:...} itself (it needs
-- config.providers=env on the worker). The database comes from the command line:
--   connql explain --define pg_host=db.internal --define pg_port=5432 examples/debezium-postgres-cdc.sql
-- Against the local cluster with its PostgreSQL (scripts/cluster up --with-debezium):
--   eval "$(scripts/cluster env)"
--   connql run --define pg_host=$PG_HOST --define pg_port=$PG_PORT examples/debezium-postgres-cdc.sql

CREATE SOURCE CONNECTOR `source-debezium-orders-01`
  USING 'PostgresConnector'
  WITH (
    'database.hostname'   = '${pg_host}',
    'database.port'       = '${pg_port}',
    'database.user'       = 'connql',
    'database.password'   = '${env:PG_PASSWORD}',
    'database.dbname'     = 'shop',
    'topic.prefix'        = 'pg',
    'plugin.name'         = 'pgoutput',
    'slot.name'           = 'connql_orders',
    'publication.autocreate.mode' = 'filtered',
    'schema.include.list' = 'inventory',
    'tasks.max'           = 1
  )
  FORMAT KEY JSON VALUE JSON
  TRANSFORM unwrap USING 'ExtractNewRecordState'
    WITH ('drop.tombstones' = false, 'delete.handling.mode' = 'rewrite', 'add.fields' = 'op,source.ts_ms')
  TRANSFORM route USING 'RegexRouter'
    WITH (regex = '([^.]+)\.([^.]+)\.([^.]+)', replacement = 'cdc.$3')
  ON ERROR FAIL
  RETRY ERRORS FOR '5m' MAX DELAY '30s';
