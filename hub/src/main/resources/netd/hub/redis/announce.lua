-- One announce to a swarm, atomically: drop the swarm's silent players (a bounded number),
-- then register, refresh or remove the announcing player, then count the swarm and, when
-- asked, read a random sample of its players (the hub draws its answers from it).
-- KEYS: 1 seen (sorted set: player -> last seen, ms), 2 done (set of complete players),
--       3 records (hash: player -> "IP PORT COMPLETE LASTSEEN OWNER")
-- ARGV: 1 player (hex; empty: only drop the silent), 2 its record (empty: remove it),
--       3 its address "IP/PORT", 4 complete "1" or "0", 5 last seen (ms),
--       6 silence cutoff (ms: seen before it is silent), 7 time to live of the keys (ms),
--       8 players sampled (0: none), 9 address key prefix, 10 info hash (hex), 11 silent dropped at most
-- Returns {previous record or "", complete, total, {player, record, ...}, {player, record, ...}}:
-- the sample (distinct), then the players dropped for their silence.
local seen, done, records = KEYS[1], KEYS[2], KEYS[3]
local player, record, address, complete = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local ttl, wanted, prefix, swarm = tonumber(ARGV[7]), tonumber(ARGV[8]), ARGV[9], ARGV[10]

local function address_of(stored)
    local ip, port = string.match(stored, '^(%S+) (%S+)')
    return ip .. '/' .. port
end

local function forget(who, stored)
    redis.call('ZREM', seen, who)
    redis.call('SREM', done, who)
    redis.call('HDEL', records, who)
    if stored then
        redis.call('SREM', prefix .. address_of(stored), swarm .. ' ' .. who)
    end
end

local expired = {}
for _, who in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. ARGV[6], 'LIMIT', 0, tonumber(ARGV[11]))) do
    local stored = redis.call('HGET', records, who)
    forget(who, stored)
    expired[#expired + 1] = who
    expired[#expired + 1] = stored or ''
end

local previous = false
if player ~= '' then
    previous = redis.call('HGET', records, player)
    if record == '' then
        if previous then
            forget(player, previous)
        end
    else
        redis.call('HSET', records, player, record)
        redis.call('ZADD', seen, ARGV[5], player)
        if complete == '1' then
            redis.call('SADD', done, player)
        else
            redis.call('SREM', done, player)
        end
        local member = swarm .. ' ' .. player
        if previous and address_of(previous) ~= address then
            redis.call('SREM', prefix .. address_of(previous), member)
        end
        redis.call('SADD', prefix .. address, member)
        -- A swarm, or an address, nobody announces to any more vanishes by itself.
        redis.call('PEXPIRE', prefix .. address, ttl)
        redis.call('PEXPIRE', seen, ttl)
        redis.call('PEXPIRE', done, ttl)
        redis.call('PEXPIRE', records, ttl)
    end
end

local candidates = {}
if wanted > 0 then
    candidates = redis.call('HRANDFIELD', records, wanted, 'WITHVALUES')
end

return {previous or '', redis.call('SCARD', done), redis.call('ZCARD', seen), candidates, expired}
