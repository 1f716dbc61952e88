//! TCP settings shared by the host's two listeners (the local one and the workshop's).

use tokio::net::{TcpListener, TcpStream};

/// The listener's connections with Nagle's algorithm off. Acknowledgements and broadcasts are
/// small frames: with it on, the kernel holds each one back until the peer has acknowledged the
/// previous segment, and a peer's delayed ACK makes that up to 40 ms — most of an edit's round
/// trip on a quiet network. The host's side is what matters: `host_bench` with clients that keep
/// it on went from ~800 to ~1,900 acknowledged edits per second with this alone.
pub(crate) fn without_nagle(
    listener: TcpListener,
) -> axum::serve::TapIo<TcpListener, fn(&mut TcpStream)> {
    fn no_delay(stream: &mut TcpStream) {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not turn off Nagle's algorithm");
        }
    }
    axum::serve::ListenerExt::tap_io(listener, no_delay as fn(&mut TcpStream))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::serve::Listener;

    #[tokio::test]
    async fn accepted_connections_have_nagle_off() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut listener = super::without_nagle(listener);
        let client = tokio::net::TcpStream::connect(addr);
        let ((accepted, _), _client) = tokio::join!(listener.accept(), client);
        assert!(accepted.nodelay().unwrap());
    }
}
