-- A batch of announces, grouped by swarm, in one run: for each swarm, drop its silent players
-- (a bounded number), then register, refresh or remove each announcing player in order, then,
-- when asked, read a random sample of its players (the hub draws its answers from it). Each
-- announce is atomic (the whole run is). A group without announces only drops the silent: the
-- hub's expiry round. The swarms' keys are named here from their info hash, as the address
-- keys are (RedisLayout), so that a batch costs one argument per swarm instead of three.
-- ARGV: 1 last seen (ms, now), 2 silence cutoff (ms: seen before it is silent),
--       3 time to live of the keys (ms), 4 address key prefix, 5 swarm key prefix,
--       6 silent dropped at most per swarm, then one group per swarm:
--       info hash (hex), players sampled (0: none), announces n, then n times:
--       player (hex), its record (empty: remove it), its address "IP/PORT", complete "1" or "0"
-- Returns one entry per group: {{player, record, ...} dropped for their silence,
-- {player, record, ...} the sample (distinct), then per announce: previous record or "",
-- complete and total players after it}.
local now, cutoff, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local now_ms = tonumber(now)
local address_prefix, swarm_prefix, expire_limit = ARGV[4], ARGV[5], tonumber(ARGV[6])

local function address_of(stored)
    local ip, port = string.match(stored, '^(%S+) (%S+)')
    return ip .. '/' .. port
end

-- A record's address, whether complete, and when last seen.
local function fields_of(stored)
    local ip, port, complete, last_seen = string.match(stored, '^(%S+) (%S+) (%S+) (%S+)')
    return ip .. '/' .. port, complete, tonumber(last_seen)
end

local results = {}
local at = 7
while at <= #ARGV do
    local swarm, wanted, n = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
    at = at + 3
    local tagged = swarm_prefix .. swarm
    local seen, done, records = tagged .. '}:seen', tagged .. '}:done', tagged .. '}:records'
    -- Counts kept from what each change reports, instead of counting after every announce.
    local seen_count, done_count = 0, 0

    local function forget(who, stored)
        seen_count = seen_count - redis.call('ZREM', seen, who)
        done_count = done_count - redis.call('SREM', done, who)
        redis.call('HDEL', records, who)
        if stored then
            redis.call('SREM', address_prefix .. address_of(stored), swarm .. ' ' .. who)
        end
    end

    local expired = {}
    for _, who in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. cutoff, 'LIMIT', 0, expire_limit)) do
        local stored = redis.call('HGET', records, who)
        forget(who, stored)
        expired[#expired + 1] = who
        expired[#expired + 1] = stored or ''
    end

    local group = {expired, {}}
    if n > 0 then
        seen_count, done_count = redis.call('ZCARD', seen), redis.call('SCARD', done)
    end
    local registered = false
    for _ = 1, n do
        local player, record, address, complete = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
        at = at + 4
        local previous = redis.call('HGET', records, player)
        if record == '' then
            if previous then
                forget(player, previous)
            end
        else
            registered = true
            redis.call('HSET', records, player, record)
            seen_count = seen_count + redis.call('ZADD', seen, now, player)
            -- A refresh (the usual announce) changes only what changed: its record, its time,
            -- and the lifetime of its address's set.
            local previous_address, previous_complete, previous_seen
            if previous then
                previous_address, previous_complete, previous_seen = fields_of(previous)
            end
            if complete ~= previous_complete then
                if complete == '1' then
                    done_count = done_count + redis.call('SADD', done, player)
                else
                    done_count = done_count - redis.call('SREM', done, player)
                end
            end
            local member = swarm .. ' ' .. player
            if previous_address and previous_address ~= address then
                redis.call('SREM', address_prefix .. previous_address, member)
            end
            -- The address's set holds the player since its previous announce, unless that was
            -- half a time to live ago or more: the set may have expired since (a player silent
            -- that long, not dropped yet), or the clocks of its hubs and of Redis may differ.
            if previous_address ~= address or previous_seen < now_ms - ttl / 2 then
                redis.call('SADD', address_prefix .. address, member)
            end
            -- An address nobody announces from any more vanishes by itself.
            redis.call('PEXPIRE', address_prefix .. address, ttl)
        end
        group[#group + 1] = previous or ''
        group[#group + 1] = done_count
        group[#group + 1] = seen_count
    end
    if registered then
        -- A swarm nobody announces to any more vanishes by itself.
        redis.call('PEXPIRE', seen, ttl)
        redis.call('PEXPIRE', done, ttl)
        redis.call('PEXPIRE', records, ttl)
    end
    if wanted > 0 then
        group[2] = redis.call('HRANDFIELD', records, wanted, 'WITHVALUES')
    end
    results[#results + 1] = group
end
return results
