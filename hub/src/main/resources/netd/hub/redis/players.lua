-- Up to a number of players of a swarm, for the web pages.
-- KEYS: 1 seen, 2 done, 3 records (as in announce.lua)
-- ARGV: 1 players at most
-- Returns {player, record, ...}.
local found = {}
for _, who in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
    local stored = redis.call('HGET', KEYS[3], who)
    if stored then
        found[#found + 1] = who
        found[#found + 1] = stored
    end
end
return found
