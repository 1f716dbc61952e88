//! Host errors and their `{code, message}` form at the HTTP boundary.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;
use wayline_store::{BundleProblem, StoreError};

use crate::refusal::Refusal;
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
    #[error("the request is too large")]
    TooLarge,
    #[error("there is nothing here")]
    NotHere,
    /// A participant asked for something their role, the lock or their invitation does not allow.
    #[error("{0}")]
    Forbidden(String),
    #[error("too many wrong codes from this address; try again in {seconds} seconds")]
    LockedOut { seconds: u64 },
    #[error("the workshop has ended; the facilitator can start a new one")]
    WorkshopEnded,
    #[error("the facilitator removed you from this workshop")]
    Revoked,
    #[error("no workshop is running")]
    NoWorkshop,
    #[error(
        "this code is not right; check it with the facilitator (letters and digits, e.g. ABC-234)"
    )]
    WrongCode,
    /// A request turned down for a reason a person can act on (a full workshop, an idea revealed
    /// since, someone else's idea); `why` gives its code and status, for the page to explain it
    /// in the person's language.
    #[error("{message}")]
    Refused { why: Refusal, message: String },
    #[error("too many changes at once; wait a moment and try again")]
    RateLimited,
    #[error("internal error: {0}")]
    Internal(String),
}

/// The codes of the host's own errors (those of [`StoreError`], [`BundleProblem`] and
/// [`Refusal`] are listed beside them), in the order `ui/src/wire/errorCodes.ts` gives them.
const HOST_CODES: [&str; 21] = [
    "undecodable",
    "newer_file",
    "invalid_input",
    "internal",
    "port_in_use",
    "listen",
    "folder_in_use",
    "unauthorized",
    "forbidden_origin",
    "bad_request",
    "too_large",
    "not_found",
    "forbidden",
    "locked_out",
    "workshop_ended",
    "revoked",
    "no_workshop",
    "wrong_code",
    "rate_limited",
    // answered by the API's error contract for statuses axum gives itself (error_contract.rs)
    "method_not_allowed",
    "unsupported_media_type",
];

impl HostError {
    /// A request turned down for `why`, said in English as `message` (the page has its own words
    /// for each code).
    pub fn refused(why: Refusal, message: impl Into<String>) -> HostError {
        HostError::Refused {
            why,
            message: message.into(),
        }
    }

    /// Every code a `{code, message}` answer of the host can carry, each once.
    pub fn all_codes() -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = HOST_CODES.to_vec();
        codes.extend(crate::refusal::eviction::ALL);
        codes.extend(StoreError::CODES);
        codes.extend(BundleProblem::ALL.map(BundleProblem::code));
        codes.extend(Refusal::ALL.map(Refusal::code));
        let mut seen = std::collections::HashSet::new();
        codes.retain(|c| seen.insert(*c));
        codes
    }

    /// A JSON body the extractor refused: too large (413) or malformed (400).
    pub fn from_json_rejection(e: axum::extract::rejection::JsonRejection) -> HostError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            HostError::TooLarge
        } else {
            HostError::BadRequest(e.body_text())
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            HostError::Store(e) => e.code(),
            HostError::Model(e) => match e {
                wayline_model::ModelError::Decode(_)
                | wayline_model::ModelError::MissingHistory => "undecodable",
                wayline_model::ModelError::NewerSchema { .. } => "newer_file",
                wayline_model::ModelError::Edit(_) => "internal",
                _ => "invalid_input",
            },
            HostError::PortInUse { .. } => "port_in_use",
            HostError::Listen { .. } => "listen",
            HostError::FolderInUse { .. } => "folder_in_use",
            HostError::Unauthorized => "unauthorized",
            HostError::ForbiddenOrigin(_) => "forbidden_origin",
            HostError::BadRequest(_) => "bad_request",
            HostError::TooLarge => "too_large",
            HostError::NotHere => "not_found",
            HostError::Forbidden(_) => "forbidden",
            HostError::LockedOut { .. } => "locked_out",
            HostError::WorkshopEnded => "workshop_ended",
            HostError::Revoked => "revoked",
            HostError::NoWorkshop => "no_workshop",
            HostError::WrongCode => "wrong_code",
            HostError::Refused { why, .. } => why.code(),
            HostError::RateLimited => "rate_limited",
            HostError::Internal(_) => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            HostError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            HostError::Model(wayline_model::ModelError::Edit(_)) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            HostError::Store(StoreError::Invalid(_) | StoreError::BadBundle { .. })
            | HostError::Model(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HostError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HostError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            HostError::NotHere => StatusCode::NOT_FOUND,
            HostError::Unauthorized => StatusCode::UNAUTHORIZED,
            HostError::ForbiddenOrigin(_)
            | HostError::Forbidden(_)
            | HostError::Revoked
            | HostError::WrongCode => StatusCode::FORBIDDEN,
            HostError::LockedOut { .. } | HostError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            HostError::Refused { why, .. } => why.status(),
            HostError::WorkshopEnded => StatusCode::GONE,
            HostError::NoWorkshop => StatusCode::NOT_FOUND,
            HostError::Store(e) if e.code() == "disk_full" => StatusCode::INSUFFICIENT_STORAGE,
            HostError::Store(e) if e.code() == "file_locked" => StatusCode::SERVICE_UNAVAILABLE,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant's code is among [`HostError::all_codes`]; the match has no wildcard, so a
    /// new variant does not compile until it is sampled here.
    #[test]
    fn every_code_is_listed() {
        let all = HostError::all_codes();
        let mut samples = vec![
            HostError::Store(StoreError::Interrupted),
            HostError::Model(wayline_model::ModelError::MissingHistory),
            HostError::PortInUse { port: 1 },
            HostError::Listen {
                addr: ([127, 0, 0, 1], 1).into(),
                source: std::io::Error::other("x"),
            },
            HostError::FolderInUse {
                folder: "x".into(),
                url: None,
            },
            HostError::Unauthorized,
            HostError::ForbiddenOrigin("x".into()),
            HostError::BadRequest("x".into()),
            HostError::TooLarge,
            HostError::NotHere,
            HostError::Forbidden("x".into()),
            HostError::LockedOut { seconds: 1 },
            HostError::WorkshopEnded,
            HostError::Revoked,
            HostError::NoWorkshop,
            HostError::WrongCode,
            HostError::RateLimited,
            HostError::Internal("x".into()),
        ];
        samples.extend(Refusal::ALL.map(|why| HostError::refused(why, "x")));
        for e in &samples {
            match e {
                HostError::Store(_)
                | HostError::Model(_)
                | HostError::PortInUse { .. }
                | HostError::Listen { .. }
                | HostError::FolderInUse { .. }
                | HostError::Unauthorized
                | HostError::ForbiddenOrigin(_)
                | HostError::BadRequest(_)
                | HostError::TooLarge
                | HostError::NotHere
                | HostError::Forbidden(_)
                | HostError::LockedOut { .. }
                | HostError::WorkshopEnded
                | HostError::Revoked
                | HostError::NoWorkshop
                | HostError::WrongCode
                | HostError::Refused { .. }
                | HostError::RateLimited
                | HostError::Internal(_) => {}
            }
            assert!(all.contains(&e.code()), "{}", e.code());
        }
        for status in [400, 401, 403, 404, 405, 413, 415, 422, 500, 418] {
            let code = crate::error_contract::code_of_status(
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            );
            assert!(all.contains(&code), "{code}");
        }
    }
}
