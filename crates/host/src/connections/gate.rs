//! How many connections the host holds at once, in all and from one address. Every connection is
//! an open file; a room's network can hold a client that opens them faster than it closes them
//! (a broken script, a hostile device), and a host out of open files can neither answer anyone
//! else nor open its own database. A connection over a bound is turned away at once, and the
//! count follows the socket itself, so a connection upgraded to a WebSocket still counts.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The bounds one listener's connections live within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionBounds {
    /// Connections open at once, from everyone.
    pub total: usize,
    /// Connections open at once from one address. A browser opens up to six for a page and one
    /// WebSocket per open map; a person with the map in a few tabs stays far below.
    pub per_address: usize,
}

/// Why a connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crowded {
    Everyone,
    ThisAddress,
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// The counts of a listener's open connections.
#[derive(Clone)]
pub struct Gate {
    bounds: ConnectionBounds,
    counts: Arc<Mutex<Counts>>,
}

impl Gate {
    pub fn new(bounds: ConnectionBounds) -> Gate {
        Gate {
            bounds: ConnectionBounds {
                total: bounds.total.max(1),
                per_address: bounds.per_address.max(1),
            },
            counts: Arc::default(),
        }
    }

    pub fn bounds(&self) -> ConnectionBounds {
        self.bounds
    }

    /// A place for a connection from `address`, held until the [`Admission`] is dropped.
    pub fn admit(&self, address: IpAddr) -> Result<Admission, Crowded> {
        let address = device_of(address);
        let mut counts = self.lock();
        if counts.total >= self.bounds.total {
            return Err(Crowded::Everyone);
        }
        let from_here = counts.by_address.entry(address).or_insert(0);
        if *from_here >= self.bounds.per_address {
            return Err(Crowded::ThisAddress);
        }
        *from_here += 1;
        counts.total += 1;
        Ok(Admission {
            gate: self.clone(),
            address,
        })
    }

    /// Connections open now, in all and from `address`.
    pub fn open(&self, address: IpAddr) -> (usize, usize) {
        let counts = self.lock();
        let from_here = counts
            .by_address
            .get(&device_of(address))
            .copied()
            .unwrap_or(0);
        (counts.total, from_here)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // The counts are plain integers: a panic elsewhere cannot leave them half-written.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn release(&self, address: IpAddr) {
        let mut counts = self.lock();
        counts.total = counts.total.saturating_sub(1);
        if let Some(from_here) = counts.by_address.get_mut(&address) {
            *from_here = from_here.saturating_sub(1);
            if *from_here == 0 {
                counts.by_address.remove(&address);
            }
        }
    }
}

/// The address that stands for one device. An IPv4 peer on a dual-stack socket arrives as
/// `::ffff:a.b.c.d`: the same device. An IPv6 device picks any address in its network's /64 (and
/// makes up new private ones), so the /64 stands for it; but every device's link-local address
/// is in the same fe80::/64, so such an address stands for itself.
fn device_of(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) if !v6.is_loopback() && !v6.is_unicast_link_local() => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(network.into())
        }
        other => other,
    }
}

/// One connection's place; dropping it frees the place.
pub struct Admission {
    gate: Gate,
    address: IpAddr,
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.gate.release(self.address);
    }
}

/// A socket with its place: the place is freed when the socket is closed, whoever holds it last
/// (the HTTP connection or the WebSocket it became).
pub struct Admitted<S> {
    stream: S,
    _admission: Admission,
}

impl<S> Admitted<S> {
    pub fn new(stream: S, admission: Admission) -> Admitted<S> {
        Admitted {
            stream,
            _admission: admission,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Admitted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Admitted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 3));

    fn gate() -> Gate {
        Gate::new(ConnectionBounds {
            total: 3,
            per_address: 2,
        })
    }

    #[test]
    fn one_address_gets_its_share_and_no_more() {
        let gate = gate();
        let first = gate.admit(HERE).unwrap();
        let _second = gate.admit(HERE).unwrap();
        assert_eq!(gate.admit(HERE).err(), Some(Crowded::ThisAddress));
        // Another address still gets in while this one is at its bound.
        let _other = gate.admit(THERE).unwrap();
        drop(first);
        assert!(gate.admit(HERE).is_ok());
    }

    #[test]
    fn everyone_together_stays_within_the_total() {
        let gate = gate();
        let _a = gate.admit(HERE).unwrap();
        let _b = gate.admit(THERE).unwrap();
        let _c = gate.admit(THERE).unwrap();
        let fourth = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 4));
        assert_eq!(gate.admit(fourth).err(), Some(Crowded::Everyone));
        assert_eq!(gate.open(THERE), (3, 2));
    }

    #[test]
    fn a_mapped_ipv4_address_counts_as_itself() {
        let gate = gate();
        let mapped: IpAddr = "::ffff:127.0.0.2".parse().unwrap();
        let _a = gate.admit(mapped).unwrap();
        let _b = gate.admit(HERE).unwrap();
        assert_eq!(gate.admit(mapped).err(), Some(Crowded::ThisAddress));
    }

    #[test]
    fn an_ipv6_device_is_its_network() {
        let gate = Gate::new(ConnectionBounds {
            total: 10,
            per_address: 2,
        });
        let first: IpAddr = "fd00:1:2:3::a".parse().unwrap();
        let private: IpAddr = "fd00:1:2:3:9f2e:11:4c:7".parse().unwrap();
        let neighbour: IpAddr = "fd00:1:2:4::a".parse().unwrap();
        let _a = gate.admit(first).unwrap();
        let _b = gate.admit(private).unwrap();
        assert_eq!(gate.admit(first).err(), Some(Crowded::ThisAddress));
        assert!(gate.admit(neighbour).is_ok());
        let link_local: IpAddr = "fe80::1".parse().unwrap();
        let another_link_local: IpAddr = "fe80::2".parse().unwrap();
        let _c = gate.admit(link_local).unwrap();
        let _d = gate.admit(link_local).unwrap();
        assert!(gate.admit(another_link_local).is_ok());
    }

    #[test]
    fn a_bound_of_nothing_still_admits_one() {
        let gate = Gate::new(ConnectionBounds {
            total: 0,
            per_address: 0,
        });
        let _one = gate.admit(HERE).unwrap();
        assert!(gate.admit(THERE).is_err());
    }

    #[test]
    fn closing_frees_every_place() {
        let gate = gate();
        let places: Vec<_> = [HERE, THERE, THERE]
            .into_iter()
            .map(|a| gate.admit(a).unwrap())
            .collect();
        drop(places);
        assert_eq!(gate.open(HERE), (0, 0));
        assert!(gate.lock().by_address.is_empty());
    }
}
