//! The network interfaces a facilitator can host a workshop on, as the operating system names
//! them, read with `if-addrs` (no parsing of `ip` output).

use super::wire::NetworkInterface;
use crate::HostError;

/// Up interfaces with an IPv4 or IPv6 address, the room's networks first, loopback last.
pub fn list() -> Result<Vec<NetworkInterface>, HostError> {
    let mut out: Vec<NetworkInterface> = if_addrs::get_if_addrs()
        .map_err(|e| HostError::Internal(format!("cannot list network interfaces: {e}")))?
        .into_iter()
        .filter(|i| i.oper_status != if_addrs::IfOperStatus::Down)
        .filter(|i| {
            // Link-local IPv6 needs a scope id in every address; browsers cannot open those.
            !matches!(i.ip(), std::net::IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80)
        })
        .map(|i| NetworkInterface {
            loopback: i.is_loopback(),
            address: i.ip().to_string(),
            name: i.name,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.loopback, a.address.contains(':'), &a.name).cmp(&(
            b.loopback,
            b.address.contains(':'),
            &b.name,
        ))
    });
    Ok(out)
}
