-- Generate sample orders, as in the Kafka Connect 101 exercise: the datagen
-- `orders` quickstart, JSON values, and two Cast$Value transforms that change the
-- types of fields on the way into Kafka.
--
-- Needs the kafka-connect-datagen plugin on the workers' plugin.path.

CREATE SOURCE CONNECTOR datagen-orders
  USING 'DatagenConnector'
  WITH (
    'kafka.topic'   = 'orders',
    'quickstart'    = 'orders',
    'max.interval'  = 1000,
    'iterations'    = 10000000,
    'tasks.max'     = 1
  )
  FORMAT KEY STRING VALUE JSON
  -- orderid arrives as an INT32 and itemid as a string such as 'Item_123'.
  TRANSFORM castOrderId USING 'Cast$Value' WITH (spec = 'orderid:string')
  -- orderunits arrives as a FLOAT64; downstream wants whole units.
  TRANSFORM castUnits USING 'Cast$Value' WITH (spec = 'orderunits:int32');
