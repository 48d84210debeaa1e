-- The complete players and all players of a swarm.
-- KEYS: 1 seen, 2 done (as in announce.lua)
return {redis.call('SCARD', KEYS[2]), redis.call('ZCARD', KEYS[1])}
