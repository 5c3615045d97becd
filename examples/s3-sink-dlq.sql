-- Archive orders to S3, sending records that cannot be converted to a dead
-- letter queue instead of stopping the connector.
--
-- The DLQ records carry __connect.errors.* headers (WITH CONTEXT HEADERS) that
-- say which stage failed and why; errors are also logged with the failed record.

CREATE SINK CONNECTOR s3-orders-archive
  USING 'S3Sink'
  WITH (
    'topics'              = 'orders',
    's3.bucket.name'      = 'acme-orders-archive',
    's3.region'           = 'eu-west-1',
    'storage.class'       = 'io.confluent.connect.s3.storage.S3Storage',
    'format.class'        = 'io.confluent.connect.s3.format.json.JsonFormat',
    'partitioner.class'   = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    'path.format'         = '''year''=YYYY/''month''=MM/''day''=dd',
    'partition.duration.ms' = 3600000,
    'locale'              = 'en-US',
    'timezone'            = 'UTC',
    'flush.size'          = 1000,
    'aws.access.key.id'   = '${env:AWS_ACCESS_KEY_ID}',
    'aws.secret.access.key' = '${env:AWS_SECRET_ACCESS_KEY}',
    'tasks.max'           = 2
  )
  FORMAT KEY STRING VALUE JSON
  ON ERROR SEND TO DEAD LETTER TOPIC 'dlq-s3-orders-archive'
    WITH CONTEXT HEADERS REPLICATION FACTOR 3 AND LOG MESSAGES
  RETRY ERRORS FOR '10m' MAX DELAY '1m';
