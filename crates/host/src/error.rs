//! Host errors and their `{code, message}` form at the HTTP boundary.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;
use wayline_store::StoreError;

use crate::wire::ApiError;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum HostError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Model(#[from] wayline_model::ModelError),
    #[error("port {port} on 127.0.0.1 is already in use; choose another with --port, or stop the program that uses it")]
    PortInUse { port: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the data folder {folder} is already open in another Wayline{}", .url.as_deref().map(|u| format!(" at {u}")).unwrap_or_default())]
    FolderInUse { folder: String, url: Option<String> },
    #[error(
        "a missing or wrong access token; open the address Wayline printed, including its ?token=…"
    )]
    Unauthorized,
    #[error("requests from {0} are not allowed")]
    ForbiddenOrigin(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl HostError {
    pub fn code(&self) -> &'static str {
        match self {
            HostError::Store(e) => e.code(),
            HostError::Model(_) => "invalid_input",
            HostError::PortInUse { .. } => "port_in_use",
            HostError::Listen { .. } => "listen",
            HostError::FolderInUse { .. } => "folder_in_use",
            HostError::Unauthorized => "unauthorized",
            HostError::ForbiddenOrigin(_) => "forbidden_origin",
            HostError::BadRequest(_) => "bad_request",
            HostError::Internal(_) => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            HostError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            HostError::Store(StoreError::Invalid(_)) | HostError::Model(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            HostError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HostError::Unauthorized => StatusCode::UNAUTHORIZED,
            HostError::ForbiddenOrigin(_) => StatusCode::FORBIDDEN,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn to_api(&self) -> ApiError {
        ApiError {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

impl IntoResponse for HostError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        (self.status(), Json(self.to_api())).into_response()
    }
}
