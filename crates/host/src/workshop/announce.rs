//! Workshops announced on the room's network with DNS-SD over mDNS (`_wayline._tcp.local.`), so
//! the Wayline app can list them under "Join workshop". The announcement carries the map's title
//! and the address, never a token: joining still needs the short code or the link.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};

use super::wire::AnnouncedWorkshop;

pub const SERVICE_TYPE: &str = "_wayline._tcp.local.";
/// DNS labels hold at most 63 bytes.
const MAX_INSTANCE_BYTES: usize = 63;

/// A running announcement; dropping it withdraws it.
pub struct Announcement {
    daemon: ServiceDaemon,
    fullname: String,
}

/// Cuts a title to a DNS label's length on a character boundary.
fn instance_name(title: &str) -> String {
    let title = if title.trim().is_empty() {
        "Wayline"
    } else {
        title.trim()
    };
    let mut out = String::new();
    for c in title.chars().filter(|c| !c.is_control() && *c != '.') {
        if out.len() + c.len_utf8() > MAX_INSTANCE_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

impl Announcement {
    /// Announces on the interface of `addr` only; logs and gives up when mDNS is unavailable
    /// (the link and code still work).
    pub fn start(title: &str, addr: SocketAddr) -> Option<Announcement> {
        let started = (|| -> Result<Announcement, mdns_sd::Error> {
            let daemon = ServiceDaemon::new()?;
            daemon.disable_interface(IfKind::All)?;
            daemon.enable_interface(IfKind::Addr(addr.ip()))?;
            if addr.ip().is_loopback() {
                daemon.enable_interface(IfKind::LoopbackV4)?;
            }
            let name = instance_name(title);
            let host = format!("wayline-{}.local.", addr.port());
            let properties = [("v", "1"), ("title", title)];
            let info = ServiceInfo::new(
                SERVICE_TYPE,
                &name,
                &host,
                addr.ip(),
                addr.port(),
                &properties[..],
            )?;
            let fullname = info.get_fullname().to_owned();
            daemon.register(info)?;
            Ok(Announcement { daemon, fullname })
        })();
        match started {
            Ok(a) => Some(a),
            Err(e) => {
                tracing::warn!(error = %e, "cannot announce the workshop on the network");
                None
            }
        }
    }
}

impl Drop for Announcement {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Listens for announced workshops for `wait` and returns what it found.
pub fn browse(wait: Duration) -> Vec<AnnouncedWorkshop> {
    let Ok(daemon) = ServiceDaemon::new() else {
        return Vec::new();
    };
    // Workshops hosted on this very machine (another data folder) are listed too.
    let _ = daemon.enable_interface(IfKind::LoopbackV4);
    let Ok(events) = daemon.browse(SERVICE_TYPE) else {
        let _ = daemon.shutdown();
        return Vec::new();
    };
    let deadline = Instant::now() + wait;
    let mut found = BTreeMap::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        if let ServiceEvent::ServiceResolved(info) = event {
            let ip: Option<IpAddr> = info.get_addresses_v4().into_iter().next().map(IpAddr::from);
            if let Some(ip) = ip {
                let addr = SocketAddr::new(ip, info.get_port());
                let name = info
                    .get_property_val_str("title")
                    .unwrap_or(info.get_fullname())
                    .to_owned();
                found.insert(
                    addr,
                    AnnouncedWorkshop {
                        name,
                        address: ip.to_string(),
                        port: addr.port(),
                        code_url: format!("http://{addr}/#join"),
                    },
                );
            }
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    let _ = daemon.shutdown();
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn instance_names_fit_a_dns_label() {
        let long = "客户旅程工作坊".repeat(10);
        let name = super::instance_name(&long);
        assert!(name.len() <= 63 && long.starts_with(&name));
        assert_eq!(super::instance_name("  "), "Wayline");
        assert_eq!(super::instance_name("a.b"), "ab");
    }
}
