ALTER CONNECTOR orders-archive SET ('tasks.max' = '1');
