-- Headless Neovim (>= 0.7) with the README's Neovim snippet (SNIPPET, sourced as a user's init.lua would be, with
-- `rudder-lsp` on PATH): opens USERS and PROPS of one folder, checks that both buffers share one client (one server
-- process), then edits the properties buffer (never saved) and waits for the users buffer's diagnostics to follow:
--   1. rudder.auth.provider=file,ldap -> file: password="LDAP" is no longer the LDAP convention (plaintext-password);
--   2. rudder.bcrypt.cost=14 added: a cost-12 hash is below the folder's target (bcrypt-low-cost).
-- Prints `RESULT <json>` on stdout; exits 0 when it got that far. Run by test/clients/run.js.
local function out(s) io.stdout:write(s .. '\n') end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(list, { code = d.code, line = d.lnum }) end
  table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and tostring(a.code) < tostring(b.code)) end)
  return list
end

local function has(buf, code, line)
  for _, d in ipairs(diagnostics(buf)) do
    if d.code == code and d.line == line then return true end
  end
  return false
end

local function clients_of(buf)
  local ids = {}
  for id in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(ids, id) end
  return ids
end

local function main()
  local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '20000')
  vim.cmd('filetype on') -- as in any user's configuration: the languageId of didOpen is the filetype
  vim.cmd('set hidden')
  vim.cmd('luafile ' .. vim.fn.fnameescape((assert(os.getenv('SNIPPET'), 'SNIPPET is not set'))))

  vim.cmd('edit ' .. vim.fn.fnameescape((assert(os.getenv('USERS'), 'USERS is not set'))))
  local users = vim.api.nvim_get_current_buf()
  vim.cmd('edit ' .. vim.fn.fnameescape((assert(os.getenv('PROPS'), 'PROPS is not set'))))
  local props = vim.api.nvim_get_current_buf()

  local result = { users_filetype = vim.bo[users].filetype, props_filetype = vim.bo[props].filetype }
  vim.wait(timeout, function() return #diagnostics(users) > 0 end, 50)
  result.clients = #vim.lsp.get_active_clients()
  result.users_clients = clients_of(users)
  result.props_clients = clients_of(props)
  result.before = diagnostics(users)

  -- line 12 (1-based) of the properties file is rudder.auth.provider=file,ldap
  local lines = vim.api.nvim_buf_get_lines(props, 0, -1, false)
  for i, l in ipairs(lines) do
    if l == 'rudder.auth.provider=file,ldap' then vim.api.nvim_buf_set_lines(props, i - 1, i, false, { 'rudder.auth.provider=file' }) end
  end
  vim.wait(timeout, function() return has(users, 'plaintext-password', 4) end, 50)
  result.after_provider = diagnostics(users)

  vim.api.nvim_buf_set_lines(props, -1, -1, false, { 'rudder.bcrypt.cost=14' })
  vim.wait(timeout, function() return has(users, 'bcrypt-low-cost', 1) end, 50)
  result.after_cost = diagnostics(users)
  result.clients_at_end = #vim.lsp.get_active_clients()
  out('RESULT ' .. vim.fn.json_encode(result))

  for _, c in ipairs(vim.lsp.get_active_clients()) do c.stop() end
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  return true
end

local ok, res = pcall(main)
if not ok then out('error: ' .. tostring(res)) end
if ok and res then vim.cmd('qall!') else vim.cmd('cquit') end
