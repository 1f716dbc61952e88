mod movable_list;
pub(crate) use movable_list::{ElementDelta, MovableListInnerDelta};
mod seq;
pub use seq::{Delta, DeltaItem, DeltaType, DeltaValue, Meta};
mod map;
pub use map::{MapDiff, ValuePair};
mod map_delta;
pub use map_delta::{MapDelta, MapValue, ResolvedMapDelta, ResolvedMapValue};
mod text;
pub use text::{StyleMeta, StyleMetaItem};
mod tree;
pub use tree::{
    TreeDelta, TreeDeltaItem, TreeDiff, TreeDiffItem, TreeExternalDiff, TreeInternalDiff,
};
