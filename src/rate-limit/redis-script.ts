/**
 * The Lua script the Redis store runs for every decision: one atomic EVALSHA, so concurrent server
 * processes never race between reading and writing a key. It mirrors algorithms.ts operation for
 * operation (Lua numbers are IEEE doubles, like JavaScript's), so both stores decide alike.
 *
 * The clock is the Redis server's TIME, so every process shares one clock whatever its own says
 * (allowed in scripts since Redis 5 with effects replication, the only mode from Redis 7). A caller
 * may pass its own clock instead (ARGV[6]); tests do, to compare with the memory store.
 *
 * KEYS[1] key; ARGV: algorithm (g | s | f), limit, windowMs, cost, commit (1 | 0), now ms or "".
 * Reply: { allowed (1 | 0), remaining, resetMs, retryAfterMs }, all integers.
 * @module
 */
import { createHash } from "node:crypto";

export const RATE_LIMIT_SCRIPT = `
local key = KEYS[1]
local algo = ARGV[1]
local limit = tonumber(ARGV[2])
local w = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local commit = ARGV[5] == '1'
local now
-- Keys expire when their state is idle. Under a caller's clock, processes may disagree by some
-- seconds, so keys live a minute longer: expiry only collects garbage, decisions read timestamps.
local ttlMargin = 0
if ARGV[6] ~= '' then
  now = tonumber(ARGV[6])
  ttlMargin = 60000
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local eps = 1e-6
local allowed, remaining, reset, retry = 0, 0, 0, 0

if algo == 'g' then
  local interval = w / limit
  local tat = tonumber(redis.call('GET', key)) or 0
  if tat < now then tat = now end
  local nxt = tat + interval * cost
  if nxt - now <= w + eps then
    allowed = 1
    if commit then
      tat = nxt
      redis.call('SET', key, string.format('%.17g', nxt), 'PX', math.ceil(nxt - now) + ttlMargin)
    end
  else
    retry = math.max(1, math.ceil(nxt - now - w - eps))
  end
  local d = tat - now
  if d <= 0 then
    remaining = limit
    reset = 0
  else
    remaining = math.floor((w - d) / interval + eps)
    if remaining < 0 then remaining = 0 elseif remaining > limit then remaining = limit end
    reset = math.ceil(d - w + (remaining + 1) * interval - eps)
    if reset < 0 then reset = 0 end
  end

elseif algo == 's' then
  local log = redis.call('LRANGE', key, 0, -1)
  local expired = now - w
  local first = 1
  while first <= #log and tonumber(log[first]) <= expired do first = first + 1 end
  local n = #log - first + 1
  if n + cost <= limit then
    allowed = 1
    if commit then
      local at = now
      if n > 0 and tonumber(log[#log]) > at then at = tonumber(log[#log]) end
      if first > 1 then redis.call('LTRIM', key, first - 1, -1) end
      local stamp = string.format('%.17g', at)
      for i = 1, cost do redis.call('RPUSH', key, stamp) end
      if n == 0 then first = #log + 1; log[first] = stamp end
      n = n + cost
      redis.call('PEXPIRE', key, math.ceil(at + w - now) + ttlMargin)
    end
  else
    local freeing = tonumber(log[first + n + cost - limit - 1])
    retry = math.max(1, math.ceil(freeing + w - now))
  end
  remaining = limit - n
  if n > 0 then
    reset = math.ceil(tonumber(log[first]) + w - now)
    if reset < 0 then reset = 0 end
  end

else
  local start = math.floor(now / w) * w
  local stored = redis.call('HMGET', key, 's', 'n')
  local n = 0
  if tonumber(stored[1]) == start then n = tonumber(stored[2]) or 0 end
  local untilEnd = math.ceil(start + w - now)
  if n + cost <= limit then
    allowed = 1
    if commit then
      n = n + cost
      redis.call('HSET', key, 's', string.format('%.17g', start), 'n', n)
      redis.call('PEXPIRE', key, untilEnd + ttlMargin)
    end
  else
    retry = untilEnd
  end
  remaining = limit - n
  if n > 0 then reset = untilEnd end
end

return { allowed, remaining, reset, retry }
`;

/** SHA-1 of the script, for EVALSHA. */
export const RATE_LIMIT_SCRIPT_SHA = createHash("sha1").update(RATE_LIMIT_SCRIPT).digest("hex");
