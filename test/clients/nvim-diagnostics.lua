-- Headless Neovim (>= 0.7; Debian 12 ships 0.7.2) as a third-party LSP client of the stdio server.
-- Opens LSP_FILE with filetype LSP_FILETYPE, starts the server command LSP_CMD (a JSON array), waits for
-- textDocument/publishDiagnostics and prints `DIAGNOSTICS <json array>` (0-based line/character, LSP
-- severity) on stdout. Exits 0 when diagnostics arrived, 1 otherwise; never hangs (everything runs under
-- pcall, and run.js adds a timeout). Run by test/clients/run.js:
--   LSP_CMD='["node","dist/server.js","--stdio"]' LSP_FILE=test/workspace/rudder-users.xml LSP_FILETYPE=xml \
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/clients/nvim-diagnostics.lua'
local function out(s) io.stdout:write(s .. '\n') end

local function main()
  -- parentheses: assert returns all its arguments, json_decode takes one
  local cmd = vim.fn.json_decode((assert(os.getenv('LSP_CMD'), 'LSP_CMD is not set')))
  local file = assert(os.getenv('LSP_FILE'), 'LSP_FILE is not set')
  local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '15000')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- set explicitly: the client attaches to this buffer whatever filetype detection says
  vim.bo[bufnr].filetype = assert(os.getenv('LSP_FILETYPE'), 'LSP_FILETYPE is not set')

  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'rudder',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function() exited = true end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 or exited end, 50)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { code = d.code, line = d.lnum, character = d.col, severity = d.severity, message = d.message })
  end
  out('DIAGNOSTICS ' .. vim.fn.json_encode(list))

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return exited end, 50)
  return #list > 0
end

local ok, res = pcall(main)
if not ok then out('error: ' .. tostring(res)) end
if ok and res then vim.cmd('qall!') else vim.cmd('cquit') end
