-- Index CDC rows into Elasticsearch, one index per topic.
--
-- Documents use the record key as their id (key.ignore=false), deletes remove
-- the document (behavior.on.null.values=delete), and the Debezium topic names
-- cdc.orders / cdc.customers become the indexes orders / customers.

CREATE SINK CONNECTOR es-cdc
  USING 'ElasticsearchSink'
  WITH (
    'topics.regex'        = 'cdc\..*',
    'connection.url'      = 'https://es.internal:9200',
    'connection.username' = 'connect',
    'connection.password' = '${env:ES_PASSWORD}',
    'key.ignore'          = false,
    'schema.ignore'       = true,
    'behavior.on.null.values' = 'delete',
    'write.method'        = 'upsert'
  )
  FORMAT KEY STRING VALUE JSON
  TRANSFORM index USING 'RegexRouter' WITH (regex = 'cdc\.(.*)', replacement = '$1')
  TRANSFORM stamp USING 'InsertField$Value' WITH ('timestamp.field' = 'indexed_at') WHEN NOT TOMBSTONE
  ON ERROR SKIP AND LOG;
