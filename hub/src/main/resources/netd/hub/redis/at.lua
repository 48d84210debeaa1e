-- The players registered at one address, in any swarm.
-- KEYS: 1 the address's set of "INFOHASH PLAYER" members
-- ARGV: 1 records key prefix, 2 records key suffix
-- Returns {info hash, player, record, ...}; members whose record is gone are left out (and
-- taken out of the set).
local found = {}
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
    local swarm, player = string.match(member, '^(%S+) (%S+)$')
    local stored = redis.call('HGET', ARGV[1] .. swarm .. ARGV[2], player)
    if stored then
        found[#found + 1] = swarm
        found[#found + 1] = player
        found[#found + 1] = stored
    else
        redis.call('SREM', KEYS[1], member)
    end
end
return found
