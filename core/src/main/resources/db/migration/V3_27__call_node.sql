-- Cluster (issue 17): the node (cluster.node_id) that handled each call. Null on records written
-- before nodes had names.
ALTER TABLE calls ADD COLUMN node VARCHAR(64);
