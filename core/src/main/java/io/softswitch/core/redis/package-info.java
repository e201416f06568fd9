/**
 * Everything Redis (issue 17): cluster-wide call limits shared by the nodes of a cluster, as
 * atomic Lua scripts over hash-tagged keys, with leased concurrency permits and a local fallback.
 */
package io.softswitch.core.redis;
