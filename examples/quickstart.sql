-- The connql quickstart: lines of a file go through Kafka into another file,
-- transformed on the way. Run by scripts/quickstart.sh against the local cluster.
--
-- A FileStream source reads ${dir}/input.txt into the topic quickstart-lines;
-- two transforms turn each line into a JSON record {"line": ..., "source": "connql"};
-- a FileStream sink writes every record of the topic to ${dir}/output.txt.

DEFINE dir = '/tmp/connql-quickstart';

-- Wait for each connector and its tasks to be RUNNING before the next statement.
SET 'connql.wait' = 'running';

CREATE OR REPLACE SOURCE CONNECTOR quickstart-lines
  USING 'FileStreamSource'
  WITH (file = '${dir}/input.txt', topic = 'quickstart-lines', 'tasks.max' = 1)
  FORMAT KEY STRING VALUE JSON
  TRANSFORM wrap USING 'HoistField$Value' WITH (field = 'line')
  TRANSFORM tag USING 'InsertField$Value' WITH ('static.field' = 'source', 'static.value' = 'connql');

CREATE OR REPLACE SINK CONNECTOR quickstart-file
  USING 'FileStreamSink'
  WITH (file = '${dir}/output.txt', topics = 'quickstart-lines')
  FORMAT KEY STRING VALUE JSON
  ON ERROR SKIP AND LOG;

SHOW CONNECTORS;
DESCRIBE CONNECTOR quickstart-lines;
