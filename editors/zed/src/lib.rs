// Starts the rudder-lsp found on PATH and passes it Zed's `lsp.rudder-lsp.settings` as the `rudder` section.
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Rudder;

impl zed::Extension for Rudder {
    fn new() -> Self {
        Rudder
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let command = worktree.which("rudder-lsp").ok_or("rudder-lsp is not on PATH")?;
        Ok(zed::Command { command, args: vec!["--stdio".into()], env: Vec::new() })
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        let settings = LspSettings::for_worktree("rudder-lsp", worktree).ok().and_then(|s| s.settings);
        Ok(Some(zed::serde_json::json!({ "rudder": settings.unwrap_or_default() })))
    }
}

zed::register_extension!(Rudder);
