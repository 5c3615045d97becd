-- V2__orders_archive.sql: the changes, kept in a file, bad records to a dead letter queue.
CREATE SINK CONNECTOR orders-archive
  USING 'FileStreamSink'
  WITH (topics = 'cdc.inventory.orders', file = '/tmp/orders-archive.jsonl')
  ON ERROR SEND TO DEAD LETTER TOPIC 'dlq-orders-archive' WITH CONTEXT HEADERS REPLICATION FACTOR 1;
