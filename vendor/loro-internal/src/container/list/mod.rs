pub(crate) mod list_op;
