-- One scope's admission, atomically (issue 17). Redis TIME is the one clock of the cluster.
-- KEYS[1] token bucket (hash: t = tokens, ts = last refill, ms)
-- KEYS[2] concurrency leases (sorted set: member = one call's permit, score = lease end, ms)
-- ARGV cps, burst, max concurrent, member, lease ms. 0 = unlimited for cps and max.
-- Returns 1 admitted, 0 refused by CPS, -1 refused by concurrency; a refusal changes nothing.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cps = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local lease = tonumber(ARGV[5])
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= max then
    return -1
  end
end
if cps > 0 then
  local b = redis.call('HMGET', KEYS[1], 't', 'ts')
  local tokens = tonumber(b[1])
  local ts = tonumber(b[2])
  if tokens == nil or ts == nil then
    tokens = burst
    ts = now
  end
  if now > ts then
    tokens = math.min(burst, tokens + (now - ts) * cps / 1000)
    ts = now
  end
  if tokens < 1 then
    return 0
  end
  redis.call('HSET', KEYS[1], 't', tostring(tokens - 1), 'ts', tostring(ts))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / cps) + 1000)
end
if max > 0 then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[2], lease * 2)
end
return 1
