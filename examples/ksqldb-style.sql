-- A script written for ksqlDB: quoted keys, a required WITH, upper-cased unquoted
-- names. Run it with --dialect ksqldb and it means exactly what it meant there:
--   connql explain --dialect ksqldb examples/ksqldb-style.sql

DEFINE topic_prefix = 'jdbc-';

CREATE SOURCE CONNECTOR IF NOT EXISTS jdbc_source WITH (
  'connector.class' = 'io.confluent.connect.jdbc.JdbcSourceConnector',
  'connection.url'  = 'jdbc:postgresql://localhost:5432/shop',
  'mode'            = 'bulk',
  'topic.prefix'    = '${topic_prefix}',
  'key'             = 'username',
  'tasks.max'       = 1
);

CREATE SINK CONNECTOR `file-sink` WITH (
  "connector.class" = 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  'topics'          = 'jdbc-users',
  'file'            = '/tmp/users.txt'
);

SHOW SOURCE CONNECTORS;
LIST CONNECTORS;
SHOW CONNECTOR PLUGINS;
DESCRIBE CONNECTOR jdbc_source;
DROP CONNECTOR IF EXISTS `file-sink`;
