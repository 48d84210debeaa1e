-- Removes one player from a swarm if it still is as the caller saw it, atomically.
-- KEYS: 1 seen, 2 done, 3 records (as in announce.lua)
-- ARGV: 1 player (hex), 2 owner it must have been registered by (empty: any),
--       3 it must have been last seen before this (ms; empty: any time),
--       4 address key prefix, 5 info hash (hex)
-- Returns the removed record, or "" when nothing was removed.
local seen, done, records = KEYS[1], KEYS[2], KEYS[3]
local player, owner, before = ARGV[1], ARGV[2], ARGV[3]

local stored = redis.call('HGET', records, player)
if not stored then
    return ''
end
local ip, port, _, last_seen, stored_owner = string.match(stored, '^(%S+) (%S+) (%S+) (%S+) (%S+)$')
if owner ~= '' and stored_owner ~= owner then
    return ''
end
if before ~= '' and tonumber(last_seen) >= tonumber(before) then
    return ''
end
redis.call('ZREM', seen, player)
redis.call('SREM', done, player)
redis.call('HDEL', records, player)
redis.call('SREM', ARGV[4] .. ip .. '/' .. port, ARGV[5] .. ' ' .. player)
return stored
