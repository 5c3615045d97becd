-- Poll a JDBC table and key each record by its primary key.
--
-- JDBC source records have no key. ValueToKey copies `id` from the value into a
-- key struct {id}; ExtractField$Key then replaces that struct with the bare id,
-- so records of one customer land in one partition and compaction works.

CREATE SOURCE CONNECTOR jdbc-customers
  USING 'JdbcSource'
  WITH (
    'connection.url'      = 'jdbc:postgresql://localhost:5432/shop',
    'connection.user'     = 'connql',
    'connection.password' = '${file:/etc/kafka/secrets.properties:jdbc.password}',
    'table.whitelist'     = 'customers',
    'mode'                = 'incrementing',
    'incrementing.column.name' = 'id',
    'topic.prefix'        = 'jdbc-',
    'poll.interval.ms'    = 5000
  )
  FORMAT KEY STRING VALUE JSON WITH SCHEMAS
  TRANSFORM copyIdToKey USING 'ValueToKey' WITH (fields = 'id')
  TRANSFORM extractId USING 'ExtractField$Key' WITH (field = 'id');
