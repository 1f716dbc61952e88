//! What the window loads at `tauri://localhost/…`: the UI the host embeds and the fonts the
//! reports ship (`wayline_host::shell_file`), instead of a second copy of the UI that Tauri's
//! build would embed. The page comes from the app itself, not from the host over HTTP, so it
//! shows with its fonts even when the host could not start (the recovery screen).

use std::borrow::Cow;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Runtime};

pub struct ShellAssets;

impl<R: Runtime> Assets<R> for ShellAssets {
    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        match wayline_host::shell_file(key.as_ref())? {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                tracing::error!(error = %e, file = key.as_ref(), "a file of the window could not be read");
                None
            }
        }
    }

    /// Nothing lists the window's files (Tauri asks only for the ones a page loads).
    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    /// The window sets no content security policy of Tauri's (tauri.conf.json `csp: null`).
    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}
