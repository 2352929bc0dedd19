-- For editors.test.ts: run editors/neovim/lspconfig.lua against a stand-in nvim-lspconfig (not packaged by
-- Debian) that records what it registers, and write as JSON the config and root_dir's answer per path.
local registered, setup_called = nil, nil
package.loaded['lspconfig.configs'] = setmetatable({}, { __newindex = function(t, k, v) registered = k; rawset(t, k, v) end })
package.loaded['lspconfig'] = setmetatable({}, { __index = function(_, name) return { setup = function(opts) setup_called = { name = name, opts = opts } end } end })
dofile(os.getenv('SNIPPET'))
local config = package.loaded['lspconfig.configs'][registered].default_config
local roots = {}
for _, path in ipairs(vim.fn.json_decode(os.getenv('PATHS'))) do roots[path] = config.root_dir(path) or vim.NIL end
local out = { registered = registered, setup = setup_called.name, cmd = config.cmd, filetypes = config.filetypes,
  single_file_support = config.single_file_support, settings = config.settings, roots = roots }
vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('OUT'))
vim.cmd('qall!')
