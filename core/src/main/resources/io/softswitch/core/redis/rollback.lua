-- Undoes one scope's admission of a call another scope refused (issue 17).
-- KEYS[1] token bucket, KEYS[2] concurrency leases; ARGV member, burst, refund (1 = give the token back).
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[3] == '1' then
  local tokens = tonumber(redis.call('HGET', KEYS[1], 't'))
  if tokens ~= nil then
    redis.call('HSET', KEYS[1], 't', tostring(math.min(tonumber(ARGV[2]), tokens + 1)))
  end
end
return 1
