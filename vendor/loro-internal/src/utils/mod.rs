pub(crate) mod kv_wrapper;
pub(crate) mod lazy;
pub(crate) mod query_by_len;
pub mod string_slice;
pub(crate) mod subscription;
pub(crate) mod utf16;
