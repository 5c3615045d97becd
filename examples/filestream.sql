-- Apache Kafka's own FileStream connectors: read lines from a file into a topic,
-- and write a topic's records to another file. Both ship with Kafka (connect-file).
--
--   connql explain --define dir=/tmp/connql examples/filestream.sql

DEFINE dir = '/tmp';

CREATE SOURCE CONNECTOR file-lines-in
  USING 'FileStreamSource'
  WITH (file = '${dir}/lines-in.txt', topic = 'lines', 'tasks.max' = 1)
  FORMAT KEY STRING VALUE STRING;

CREATE SINK CONNECTOR file-lines-out
  USING 'FileStreamSink'
  WITH (file = '${dir}/lines-out.txt', topics = 'lines')
  FORMAT KEY STRING VALUE STRING;
