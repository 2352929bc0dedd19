-- init.lua, with nvim-lspconfig: rudder-lsp as a custom server, attached to Rudder's files only.
local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')
if not configs.rudder then
  configs.rudder = {
    default_config = {
      cmd = { 'rudder-lsp', '--stdio' }, -- or { 'rudder-lint', 'lsp', '--stdio' } (the .deb/.rpm)
      filetypes = { 'xml', 'jproperties' },
      -- the Rudder folder of a file (an override's is above rudder-web.properties.d/), so one client serves the
      -- folder; nil, so no client, for any other file
      root_dir = function(fname)
        local name = vim.fn.fnamemodify(fname, ':t')
        if name == 'rudder-users.xml' or name == 'rudder-web.properties' then return vim.fn.fnamemodify(fname, ':h') end
        if fname:match('/rudder%-web%.properties%.d/[^/]+%.properties$') then return vim.fn.fnamemodify(fname, ':h:h') end
      end,
      single_file_support = false,
      settings = { rudder = { version = 'auto' } }, -- e.g. rules = { ['unknown-role'] = 'off' }
    },
  }
end
lspconfig.rudder.setup({})
