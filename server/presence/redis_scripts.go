package presence

import "github.com/redis/go-redis/v9"

// The Lua scripts make each change to presence atomic in Redis. They build key names from the
// prefix the same way as Redis.userKey and friends do. Lua's string.lower is ASCII-only, so name
// keys (NameKey, Unicode-aware) are always computed in Go and stored in the user hash as "nkey".

// addScript puts a user online. KEYS: user hash, name claim, node users set, nodes set.
// ARGV: id, name, nkey, role, node, room, since, ttl ms, prefix, device key. Returns 0 if another user holds
// the name, 1 otherwise. Re-adding the same user moves it: its old name claim and old node
// membership are released.
var addScript = redis.NewScript(`
local owner = redis.call('GET', KEYS[2])
if owner and owner ~= ARGV[1] then return 0 end
local old = redis.call('HMGET', KEYS[1], 'nkey', 'node')
if old[1] and old[1] ~= ARGV[3] then
  local claim = ARGV[9] .. 'name:' .. old[1]
  if redis.call('GET', claim) == ARGV[1] then redis.call('DEL', claim) end
end
if old[2] and old[2] ~= ARGV[5] then
  redis.call('SREM', ARGV[9] .. 'node:' .. old[2] .. ':users', ARGV[1])
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[8])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'nkey', ARGV[3], 'role', ARGV[4],
  'node', ARGV[5], 'room', ARGV[6], 'since', ARGV[7], 'dkey', ARGV[10])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
redis.call('SADD', KEYS[4], ARGV[5])
return 1
`)

// reregisterScript brings back a user of this node whose keys Redis lost. Same KEYS and ARGV as
// addScript. A hash that still exists is kept (it may hold a newer room). If another user claimed
// the name meanwhile, the user is listed without the claim and 2 is returned; otherwise 1.
var reregisterScript = redis.NewScript(`
local res = 1
local owner = redis.call('GET', KEYS[2])
if owner and owner ~= ARGV[1] then
  res = 2
else
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[8])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'nkey', ARGV[3], 'role', ARGV[4],
    'node', ARGV[5], 'room', ARGV[6], 'since', ARGV[7], 'dkey', ARGV[10])
end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
redis.call('SADD', KEYS[4], ARGV[5])
return res
`)

// setRoomScript updates the room of a user only if it is online. KEYS: user hash. ARGV: room.
// Returns 0 if the user is not online.
var setRoomScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'room', ARGV[1])
return 1
`)

// removeScript takes a user offline. KEYS: user hash. ARGV: id, prefix, the name key and node to
// use if the hash has already expired (empty if unknown), and the removing node. The name claim is
// deleted only if it still holds this user id. A user whose hash names another node has moved there
// (a redirect): only the removing node's membership is dropped. Returns 0 in that case.
var removeScript = redis.NewScript(`
local f = redis.call('HMGET', KEYS[1], 'nkey', 'node')
if f[2] and ARGV[5] ~= '' and f[2] ~= ARGV[5] then
  redis.call('SREM', ARGV[2] .. 'node:' .. ARGV[5] .. ':users', ARGV[1])
  return 0
end
local nkey = f[1] or ARGV[3]
local node = f[2] or ARGV[4]
redis.call('DEL', KEYS[1])
if nkey ~= '' then
  local claim = ARGV[2] .. 'name:' .. nkey
  if redis.call('GET', claim) == ARGV[1] then redis.call('DEL', claim) end
end
if node ~= '' then redis.call('SREM', ARGV[2] .. 'node:' .. node .. ':users', ARGV[1]) end
return 1
`)

// byNameScript follows a name claim to its user. KEYS: name claim. ARGV: prefix. Returns nil if
// the name is free, else the user fields in the order of userFields (all nil if the hash expired).
var byNameScript = redis.NewScript(`
local id = redis.call('GET', KEYS[1])
if not id then return false end
return redis.call('HMGET', ARGV[1] .. 'u:' .. id, 'id', 'name', 'role', 'node', 'room', 'since', 'dkey')
`)

// pruneNodeScript drops a node from the index if both its key and its user set are gone.
// KEYS: nodes set, node hash, node users set. ARGV: node id.
var pruneNodeScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 and redis.call('EXISTS', KEYS[3]) == 0 then
  return redis.call('SREM', KEYS[1], ARGV[1])
end
return 0
`)
