-- Extends this node's leases in one scope (issue 17), batched: one call per scope per renewal.
-- KEYS[1] concurrency leases; ARGV lease ms, re-register (1: add missing members, after Redis came
-- back; 0: extend only members still there, so a permit released meanwhile stays released), then
-- the members this node holds there.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
local args = {}
local function flush()
  if ARGV[2] == '1' then
    redis.call('ZADD', KEYS[1], unpack(args))
  else
    redis.call('ZADD', KEYS[1], 'XX', unpack(args))
  end
  args = {}
end
for i = 3, #ARGV do
  args[#args + 1] = now + lease
  args[#args + 1] = ARGV[i]
  if #args >= 1000 then
    flush()
  end
end
if #args > 0 then
  flush()
end
redis.call('PEXPIRE', KEYS[1], lease * 2)
return #ARGV - 2
