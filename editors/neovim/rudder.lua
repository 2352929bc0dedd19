-- init.lua (Neovim 0.7 or later): one rudder-lsp per Rudder folder, shared by its files, so an edit of
-- rudder-web.properties re-checks rudder-users.xml at once.
local rudder_clients = {} -- folder -> client id, for Neovim 0.7 (from 0.8, vim.lsp.start reuses clients itself)
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = { 'rudder-users.xml', 'rudder-web.properties', '*/rudder-web.properties.d/*.properties' },
  callback = function(args)
    local root = vim.fn.fnamemodify(args.file, ':p:h')
    if vim.fn.fnamemodify(root, ':t') == 'rudder-web.properties.d' then root = vim.fn.fnamemodify(root, ':h') end
    local config = {
      name = 'rudder',
      cmd = { 'rudder-lsp', '--stdio' }, -- or { 'rudder-lint', 'lsp', '--stdio' } (the .deb/.rpm)
      root_dir = root,
      settings = { rudder = { version = 'auto' } }, -- e.g. rules = { ['unknown-role'] = 'off' }
      -- Neovim 0.7 does not answer workspace/configuration: send the settings once connected.
      on_init = function(client) client.notify('workspace/didChangeConfiguration', { settings = client.config.settings }) end,
    }
    if vim.lsp.start then
      vim.lsp.start(config) -- reuses the client of the same name and root_dir
    else
      local id = rudder_clients[root]
      if not (id and vim.lsp.get_client_by_id(id)) then
        id = vim.lsp.start_client(config)
        rudder_clients[root] = id
      end
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
