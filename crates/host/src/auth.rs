//! Who may talk to the host: the per-launch token, the Host header (against DNS rebinding) and
//! the Origin header (only the host's own pages and the desktop window), plus the CORS answers
//! the desktop window's cross-origin requests need.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::state::codes::same;
use crate::state::AppState;
use crate::HostError;

pub const TOKEN_COOKIE: &str = "wayline_token";
/// Origins of the desktop window's embedded UI (Linux/macOS, then Windows).
const DESKTOP_ORIGINS: &[&str] = &["tauri://localhost", "http://tauri.localhost"];

fn query_token(query: Option<&str>) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == "token").then(|| v.to_owned())
    })
}

/// The token of an `Authorization: Bearer …` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Every token the request presents: bearer header, cookies, query.
fn presented_tokens(headers: &HeaderMap, query: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(bearer) = bearer(headers) {
        out.push(bearer.to_owned());
    }
    // Cookies are shared by every port of 127.0.0.1, so an old host's cookie may be there too.
    out.extend(
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| {
                let (k, v) = c.trim().split_once('=')?;
                (k == TOKEN_COOKIE).then(|| v.to_owned())
            }),
    );
    out.extend(query_token(query));
    out
}

fn needs_token(path: &str) -> bool {
    path == "/" || path == "/index.html" || path.starts_with("/api/") || path == "/ws"
}

const NO_TOKEN_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Wayline</title>\
<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">\
<h1>Wayline</h1><p>This address needs its access token. Open the full address that Wayline \
printed or showed (it ends in <code>?token=…</code>).</p>\
<p lang=zh-CN>请打开 Wayline 显示的完整地址（以 <code>?token=…</code> 结尾）。</p></body>";

fn forbidden(what: String) -> Response {
    HostError::ForbiddenOrigin(what).into_response()
}

/// The guard in front of every route.
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let port = state.port;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return forbidden(format!("host {host:?}"));
    }
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let own = [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    let cors_origin = match origin.as_deref() {
        None => None,
        Some(o) if own.iter().any(|x| x == o) => None,
        Some(o) if DESKTOP_ORIGINS.contains(&o) => Some(o.to_owned()),
        Some(o) => return forbidden(format!("origin {o:?}")),
    };
    if req.method() == Method::OPTIONS {
        let mut resp = StatusCode::NO_CONTENT.into_response();
        add_cors(resp.headers_mut(), cors_origin.as_deref());
        return resp;
    }

    let path = req.uri().path().to_owned();
    tracing::debug!(method = %req.method(), %path, "request");
    let from_query = query_token(req.uri().query());
    let valid = presented_tokens(req.headers(), req.uri().query())
        .iter()
        .any(|t| same(t, &state.token));
    if needs_token(&path) && !valid {
        if path == "/" || path == "/index.html" {
            return (StatusCode::UNAUTHORIZED, Html(NO_TOKEN_PAGE)).into_response();
        }
        let mut resp = HostError::Unauthorized.into_response();
        add_cors(resp.headers_mut(), cors_origin.as_deref());
        return resp;
    }
    let set_cookie = (path == "/" || path == "/index.html")
        && from_query.as_deref().is_some_and(|t| same(t, &state.token));

    let mut resp = next.run(req).await;
    add_cors(resp.headers_mut(), cors_origin.as_deref());
    if set_cookie {
        let cookie = format!(
            "{TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            state.token
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            resp.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    resp
}

fn add_cors(headers: &mut HeaderMap, origin: Option<&str>) {
    let Some(origin) = origin.and_then(|o| HeaderValue::from_str(o).ok()) else {
        return;
    };
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    // Appended: a response may vary on more than the origin (the fonts on Accept-Encoding).
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_in_query_header_and_cookie() {
        assert_eq!(query_token(Some("a=1&token=abc")), Some("abc".into()));
        assert_eq!(query_token(Some("tokenx=abc")), None);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; wayline_token=t1"),
        );
        assert_eq!(presented_tokens(&h, None), vec!["t1".to_owned()]);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t2"));
        assert_eq!(
            presented_tokens(&h, Some("token=t3")),
            vec!["t2".to_owned(), "t1".to_owned(), "t3".to_owned()]
        );
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
