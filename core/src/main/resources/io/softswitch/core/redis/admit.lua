-- One call's admission over all its scopes at once, on a standalone Redis (issue 17): one command
-- per call instead of one per scope, and all-or-nothing here, so a refusal needs no rollback.
-- (A Redis Cluster keeps acquire.lua per scope: the scopes' keys live in different hash slots.)
-- It first applies lease removals this node queued since its last command (released calls), so
-- the node's own admissions always see its releases, and a removal costs no command of its own.
-- KEYS: per scope its token bucket and its concurrency leases (2 per scope, see acquire.lua),
--       then the leases key of each queued removal.
-- ARGV: scope count n, member, lease ms, per scope cps, burst, max concurrent (3 per scope; 0 =
--       unlimited for cps and max), then the member of each queued removal.
-- n = 0 only applies the removals (the node's release flush).
-- Returns 0 admitted; i refused by scope i's concurrency, -i by its CPS (1-based, the first
-- refusing scope in the given order); a refusal changes no bucket and no lease of any scope.
local n = tonumber(ARGV[1])
for j = 2 * n + 1, #KEYS do
  redis.call('ZREM', KEYS[j], ARGV[3 + n + j])
end
if n == 0 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
local tokens = {}
local stamps = {}
for i = 1, n do
  local cps = tonumber(ARGV[3 * i + 1])
  local burst = tonumber(ARGV[3 * i + 2])
  local max = tonumber(ARGV[3 * i + 3])
  if max > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
    if redis.call('ZCARD', KEYS[2 * i]) >= max then
      return i
    end
  end
  if cps > 0 then
    local b = redis.call('HMGET', KEYS[2 * i - 1], 't', 'ts')
    local tk = tonumber(b[1])
    local ts = tonumber(b[2])
    if tk == nil or ts == nil then
      tk = burst
      ts = now
    end
    if now > ts then
      tk = math.min(burst, tk + (now - ts) * cps / 1000)
      ts = now
    end
    if tk < 1 then
      return -i
    end
    tokens[i] = tk
    stamps[i] = ts
  end
end
for i = 1, n do
  local cps = tonumber(ARGV[3 * i + 1])
  if cps > 0 then
    redis.call('HSET', KEYS[2 * i - 1], 't', tostring(tokens[i] - 1), 'ts', tostring(stamps[i]))
    redis.call('PEXPIRE', KEYS[2 * i - 1], math.ceil(tonumber(ARGV[3 * i + 2]) * 1000 / cps) + 1000)
  end
  if tonumber(ARGV[3 * i + 3]) > 0 then
    redis.call('ZADD', KEYS[2 * i], now + lease, ARGV[2])
    redis.call('PEXPIRE', KEYS[2 * i], lease * 2)
  end
end
return 0
