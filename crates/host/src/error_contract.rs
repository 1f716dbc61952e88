//! Every error the HTTP API answers is JSON `{code, message}` with a fitting status: also the
//! ones axum produces itself before a handler runs (a body over the limit, a malformed query or
//! path, a wrong method), which are plain text by default and would hide what went wrong from
//! the UI. Unknown `/api/…` routes answer 404 in the same form instead of the UI's page.

use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::wire::ApiError;
use crate::HostError;

/// The code of an error status that carries no code of its own.
pub fn code_of_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_input",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    }
}

/// Longest plain-text error body kept as the message.
const MAX_MESSAGE_BYTES: usize = 4096;

/// Rewrites error responses of `/api/…` that are not JSON into `{code, message}`.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, MAX_MESSAGE_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = match (status, text.is_empty()) {
        (StatusCode::METHOD_NOT_ALLOWED, _) => {
            "this address does not accept that method".to_owned()
        }
        (StatusCode::PAYLOAD_TOO_LARGE, _) => HostError::TooLarge.to_string(),
        (_, true) => status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_lowercase(),
        (_, false) => text,
    };
    let mut out = (
        status,
        Json(ApiError {
            code: code_of_status(status).to_owned(),
            message,
        }),
    )
        .into_response();
    // Keep what the original response said about methods (`Allow`) and the like.
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// Unknown routes under `/api/`: a JSON 404, never the UI's page.
pub async fn no_such_route() -> HostError {
    HostError::NotHere
}
