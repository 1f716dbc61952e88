pub use loro_common::Counter;
pub use loro_common::PeerID;
pub use loro_common::TreeID;
pub use loro_common::ID;
