//! Where the window's UI finds its host: a host started in this process, or — when another
//! Wayline already serves this data folder — that one, so both see the same maps live.

use std::path::Path;

use wayline_host::{HostConfig, HostError, RunningHost};
use wayline_model::Locale;

pub enum Connection {
    Own(RunningHost),
    Existing { url: String, token: String },
    Failed { code: String, message: String },
}

pub async fn connect(data_dir: &Path) -> Connection {
    let started = wayline_host::start(HostConfig {
        data_dir: data_dir.to_owned(),
        // The same port each launch when free, so teammates' browsers keep their address.
        port: wayline_host::DEFAULT_PORT,
        any_port_if_taken: true,
        token: None,
    })
    .await;
    match started {
        Ok(host) => {
            let store = host.store();
            let sample =
                tokio::task::spawn_blocking(move || store.ensure_first_launch_sample(Locale::ZhCn))
                    .await;
            if let Ok(Err(e)) = sample {
                tracing::warn!(error = %e, "could not create the sample project");
            }
            tracing::info!(url = %host.base_url(), "desktop host started");
            Connection::Own(host)
        }
        Err(HostError::FolderInUse { .. }) => match wayline_host::read_running_host(data_dir) {
            Some(info) => {
                tracing::info!(url = %info.url, "joining the host that serves this folder");
                Connection::Existing {
                    url: info.url,
                    token: info.token,
                }
            }
            None => Connection::Failed {
                code: "folder_in_use".into(),
                message: format!(
                    "the data folder {} is in use by another Wayline that cannot be reached",
                    data_dir.display()
                ),
            },
        },
        Err(e) => Connection::Failed {
            code: e.code().into(),
            message: e.to_string(),
        },
    }
}

impl Connection {
    /// The script that runs before the UI loads and tells it where its host is.
    pub fn init_script(&self) -> String {
        let value = match self {
            Connection::Own(host) => serde_json::json!({
                "url": host.base_url(), "token": host.token()
            }),
            Connection::Existing { url, token } => {
                serde_json::json!({ "url": url, "token": token })
            }
            Connection::Failed { code, message } => {
                return only_on_own_pages(&format!(
                    "window.__WAYLINE_STARTUP_ERROR__ = {};",
                    serde_json::json!({ "code": code, "message": message })
                ));
            }
        };
        only_on_own_pages(&format!("window.__WAYLINE_HOST__ = {value};"))
    }
}

/// The window runs its initialization script on every page it shows, a workshop page of another
/// computer's host too ("Join workshop"); the launch token must reach the app's own pages only.
fn only_on_own_pages(script: &str) -> String {
    format!(
        "if (location.protocol === 'tauri:' || location.origin === 'http://tauri.localhost') {{ {script} }}"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_launch_token_is_given_to_the_apps_own_pages_only() {
        let script = super::only_on_own_pages("window.__WAYLINE_HOST__ = {\"token\":\"t\"};");
        assert!(script.starts_with("if (location.protocol === 'tauri:'"));
        assert!(script.ends_with("}"));
    }
}
