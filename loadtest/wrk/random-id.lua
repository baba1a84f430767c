-- wrk script: each request GETs PREFIX..ID with ID a line of IDS_FILE picked at random (a realistic spread of reads).
-- Usage: wrk ... -s loadtest/wrk/random-id.lua http://127.0.0.1:PORT -- IDS_FILE /api/articles/
local ids = {}
local prefix = "/"

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      ids[#ids + 1] = line
    end
  end
  prefix = args[2] or prefix
  if #ids == 0 then
    error("no ids in " .. args[1])
  end
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
