use std::collections::BTreeMap;

use bytes::Bytes;
use loro_common::{ContainerID, ContainerType, InternalString, LoroError, LoroResult, LoroValue};
use once_cell::sync::OnceCell;
use tracing::trace;

#[cfg(feature = "counter")]
use crate::state::counter_state::CounterState;
use crate::{
    arena::SharedArena,
    container::idx::ContainerIdx,
    state::{
        unknown_state::UnknownState, ContainerCreationContext, ContainerState, FastStateSnapshot,
        IndexType, ListState, MapState, MovableListState, RichtextState, State, TreeState,
    },
    utils::utf16::{count_unicode_chars, count_utf16_len},
};

#[derive(Debug)]
pub(crate) struct ContainerWrapper {
    depth: usize,
    kind: ContainerType,
    parent: Option<ContainerID>,
    data: ContainerData,
    flushed: bool,
    /// Whether this wrapper is currently enqueued in the store's bounded
    /// decoded-value cache (`InnerStore::value_cache_queue`).
    in_value_cache_queue: bool,
    /// Second-chance bit for the value-cache eviction clock: set on every read
    /// that uses the cached value, cleared when the eviction pass considers
    /// this wrapper.
    value_cache_referenced: bool,
}

#[derive(Debug)]
enum ContainerData {
    State(State),
    Lazy(Box<LazyContainerData>),
}

#[derive(Debug)]
struct LazyContainerData {
    /// Lazily decoded snapshot bytes and optional decoded value.
    bytes: Option<Bytes>,
    value: Option<LazyDecodedValue>,
    bytes_offset_for_value: Option<usize>,
    bytes_offset_for_state: Option<usize>,
}

struct DecodedHeader {
    kind: ContainerType,
    depth: usize,
    parent: Option<ContainerID>,
    payload_offset: usize,
}

#[derive(Debug)]
enum LazyDecodedValue {
    Value(LoroValue),
    Text {
        value: LoroValue,
        unicode_len: usize,
        utf16_len: usize,
    },
    Map {
        ordered: BTreeMap<String, LoroValue>,
        value: OnceCell<LoroValue>,
    },
}

impl LazyDecodedValue {
    fn text(value: LoroValue) -> Self {
        let text = value
            .as_string()
            .expect("decoded text value should be a string");
        Self::Text {
            unicode_len: count_unicode_chars(text.as_bytes()),
            utf16_len: count_utf16_len(text.as_bytes()),
            value,
        }
    }

    fn to_loro_value(&self) -> LoroValue {
        match self {
            Self::Value(value) | Self::Text { value, .. } => value.clone(),
            Self::Map { ordered, value } => value
                .get_or_init(|| {
                    LoroValue::Map(
                        ordered
                            .iter()
                            .map(|(key, value)| (key.clone(), value.clone()))
                            .collect::<loro_common::LoroMapValue>(),
                    )
                })
                .clone(),
        }
    }

    fn to_loro_value_ephemeral(&self) -> LoroValue {
        match self {
            Self::Value(value) | Self::Text { value, .. } => value.clone(),
            Self::Map { ordered, value } => value.get().cloned().unwrap_or_else(|| {
                LoroValue::Map(
                    ordered
                        .iter()
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect::<loro_common::LoroMapValue>(),
                )
            }),
        }
    }

    fn as_map(&self) -> Option<&BTreeMap<String, LoroValue>> {
        match self {
            Self::Map { ordered, .. } => Some(ordered),
            _ => None,
        }
    }

    fn unicode_len(&self) -> Option<usize> {
        match self {
            Self::Text { unicode_len, .. } => Some(*unicode_len),
            _ => None,
        }
    }

    fn utf16_len(&self) -> Option<usize> {
        match self {
            Self::Text { utf16_len, .. } => Some(*utf16_len),
            _ => None,
        }
    }

    fn utf8_len(&self) -> Option<usize> {
        match self {
            // The decoded text value is the string itself, so its byte length
            // is a cheap `str::len` — no need to cache a separate field.
            Self::Text { value, .. } => value.as_string().map(|s| s.len()),
            _ => None,
        }
    }
}

impl ContainerWrapper {
    pub fn new(state: State, arena: &SharedArena) -> Self {
        let idx = state.container_idx();
        let parent = arena
            .get_parent(idx)
            .and_then(|p| arena.get_container_id(p));
        let depth = arena
            .get_depth(idx)
            .expect("InternalError: a container gets state only once its parent is known")
            .get() as usize;
        Self {
            depth,
            parent,
            kind: idx.get_type(),
            data: ContainerData::State(state),
            flushed: false,
            in_value_cache_queue: false,
            value_cache_referenced: false,
        }
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub(crate) fn kind(&self) -> ContainerType {
        self.kind
    }

    /// It will not decode the state if it is not decoded
    #[allow(unused)]
    pub fn try_get_state(&self) -> Option<&State> {
        match &self.data {
            ContainerData::State(state) => Some(state),
            ContainerData::Lazy(_) => None,
        }
    }

    /// It will decode the state if it is not decoded
    pub fn get_state(&mut self, idx: ContainerIdx, ctx: ContainerCreationContext) -> &State {
        self.decode_state(idx, ctx).unwrap();
        match &self.data {
            ContainerData::State(state) => state,
            ContainerData::Lazy(_) => unreachable!("ContainerWrapper state should be decoded"),
        }
    }

    /// It will decode the state if it is not decoded
    pub fn get_state_mut(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> &mut State {
        self.decode_state(idx, ctx).unwrap();
        self.flushed = false;
        match &mut self.data {
            ContainerData::State(state) => state,
            ContainerData::Lazy(_) => unreachable!("ContainerWrapper state should be decoded"),
        }
    }

    pub(crate) fn try_get_value(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> LoroResult<LoroValue> {
        match &mut self.data {
            ContainerData::State(state) => {
                trace!("state");
                Ok(state.get_value())
            }
            ContainerData::Lazy(lazy) if lazy.value.is_some() => {
                trace!("value");
                Ok(lazy.value.as_ref().unwrap().to_loro_value())
            }
            ContainerData::Lazy(_) => {
                trace!("decode value");
                self.decode_value(idx, ctx)?;
                match &mut self.data {
                    ContainerData::State(state) => Ok(state.get_value()),
                    ContainerData::Lazy(lazy) => Ok(lazy.value.as_ref().unwrap().to_loro_value()),
                }
            }
        }
    }

    pub fn get_value(&mut self, idx: ContainerIdx, ctx: ContainerCreationContext) -> LoroValue {
        self.try_get_value(idx, ctx).unwrap()
    }

    /// Read the current value without populating the lazy-value cache.
    ///
    /// Snapshot export uses this while walking reachable containers. Keeping the decoded value
    /// on every lazy wrapper would turn that walk into full state materialization.
    pub(crate) fn try_get_value_ephemeral(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> LoroResult<LoroValue> {
        match &mut self.data {
            ContainerData::State(state) => Ok(state.get_value()),
            ContainerData::Lazy(lazy) if lazy.value.is_some() => {
                Ok(lazy.value.as_ref().unwrap().to_loro_value_ephemeral())
            }
            ContainerData::Lazy(lazy) => {
                let Some(bytes) = lazy.bytes.clone() else {
                    return Ok(self.kind.default_value());
                };
                let mut temporary = Self::try_new_from_bytes(bytes)?;
                temporary.try_get_value(idx, ctx)
            }
        }
    }

    /// Meta map ids of every node in a tree container, including deleted nodes, without caching
    /// a decoded state that was not already resident.
    ///
    /// The tree's `LoroValue` only lists alive nodes, but a deleted node can be revived by a later
    /// op (a move out of a deleted ancestor, or a peer's `Move` of a directly deleted node) and
    /// then its meta map is live again. Retention walks use this instead of the value.
    pub(crate) fn try_get_tree_meta_ids_ephemeral(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> LoroResult<Vec<ContainerID>> {
        debug_assert_eq!(self.kind, ContainerType::Tree);
        match &self.data {
            ContainerData::State(state) => Ok(state.get_child_containers()),
            ContainerData::Lazy(lazy) => {
                let Some(bytes) = lazy.bytes.clone() else {
                    return Ok(Vec::new());
                };
                let mut temporary = Self::try_new_from_bytes(bytes)?;
                temporary.decode_state(idx, ctx)?;
                Ok(temporary.try_get_state().unwrap().get_child_containers())
            }
        }
    }

    pub fn map_get(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
        key: &str,
    ) -> Option<LoroValue> {
        match &mut self.data {
            ContainerData::State(state) => state.as_map_state().unwrap().get(key).cloned(),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &self.data {
                    ContainerData::Lazy(lazy) => lazy.value.as_ref()?.as_map()?.get(key).cloned(),
                    ContainerData::State(state) => state.as_map_state().unwrap().get(key).cloned(),
                }
            }
        }
    }

    pub fn map_len(&mut self, idx: ContainerIdx, ctx: ContainerCreationContext) -> usize {
        match &mut self.data {
            ContainerData::State(state) => state.as_map_state().unwrap().len(),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &self.data {
                    ContainerData::Lazy(lazy) => lazy
                        .value
                        .as_ref()
                        .and_then(|value| value.as_map())
                        .map_or(0, BTreeMap::len),
                    ContainerData::State(state) => state.as_map_state().unwrap().len(),
                }
            }
        }
    }

    pub fn map_keys(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Vec<InternalString> {
        match &mut self.data {
            ContainerData::State(state) => state
                .as_map_state()
                .unwrap()
                .iter()
                .filter(|(_, value)| value.value.is_some())
                .map(|(key, _)| key.clone())
                .collect(),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &self.data {
                    ContainerData::Lazy(lazy) => lazy
                        .value
                        .as_ref()
                        .and_then(|value| value.as_map())
                        .map(|map| map.keys().map(|key| key.as_str().into()).collect())
                        .unwrap_or_default(),
                    ContainerData::State(state) => state
                        .as_map_state()
                        .unwrap()
                        .iter()
                        .filter(|(_, value)| value.value.is_some())
                        .map(|(key, _)| key.clone())
                        .collect(),
                }
            }
        }
    }

    pub fn map_entries(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Vec<(InternalString, LoroValue)> {
        match &mut self.data {
            ContainerData::State(state) => state
                .as_map_state()
                .unwrap()
                .iter()
                .filter_map(|(key, value)| value.value.clone().map(|value| (key.clone(), value)))
                .collect(),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &self.data {
                    ContainerData::Lazy(lazy) => lazy
                        .value
                        .as_ref()
                        .and_then(|value| value.as_map())
                        .map(|map| {
                            map.iter()
                                .map(|(key, value)| (key.as_str().into(), value.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    ContainerData::State(state) => state
                        .as_map_state()
                        .unwrap()
                        .iter()
                        .filter_map(|(key, value)| {
                            value.value.clone().map(|value| (key.clone(), value))
                        })
                        .collect(),
                }
            }
        }
    }

    pub fn text_unicode_len(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Option<usize> {
        match &mut self.data {
            ContainerData::State(state) => {
                Some(state.as_richtext_state_mut().unwrap().len_unicode())
            }
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &mut self.data {
                    ContainerData::State(state) => {
                        Some(state.as_richtext_state_mut().unwrap().len_unicode())
                    }
                    ContainerData::Lazy(lazy) => lazy.value.as_ref()?.unicode_len(),
                }
            }
        }
    }

    pub fn text_utf16_len(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Option<usize> {
        match &mut self.data {
            ContainerData::State(state) => Some(state.as_richtext_state_mut().unwrap().len_utf16()),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &mut self.data {
                    ContainerData::State(state) => {
                        Some(state.as_richtext_state_mut().unwrap().len_utf16())
                    }
                    ContainerData::Lazy(lazy) => lazy.value.as_ref()?.utf16_len(),
                }
            }
        }
    }

    pub fn text_utf8_len(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Option<usize> {
        match &mut self.data {
            ContainerData::State(state) => Some(state.as_richtext_state_mut().unwrap().len_utf8()),
            ContainerData::Lazy(_) => {
                self.decode_value(idx, ctx).unwrap();
                match &mut self.data {
                    ContainerData::State(state) => {
                        Some(state.as_richtext_state_mut().unwrap().len_utf8())
                    }
                    ContainerData::Lazy(lazy) => lazy.value.as_ref()?.utf8_len(),
                }
            }
        }
    }

    pub fn list_get(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
        index: usize,
    ) -> Option<LoroValue> {
        match &mut self.data {
            ContainerData::State(state) => match self.kind {
                ContainerType::List => state.as_list_state().unwrap().get(index).cloned(),
                ContainerType::MovableList => state
                    .as_movable_list_state()
                    .unwrap()
                    .get(index, IndexType::ForUser)
                    .cloned(),
                _ => None,
            },
            ContainerData::Lazy(_) => match self.get_value(idx, ctx) {
                LoroValue::List(list) => list.get(index).cloned(),
                _ => None,
            },
        }
    }

    pub fn list_len(&mut self, idx: ContainerIdx, ctx: ContainerCreationContext) -> usize {
        match &mut self.data {
            ContainerData::State(state) => match self.kind {
                ContainerType::List => state.as_list_state().unwrap().len(),
                ContainerType::MovableList => state.as_movable_list_state().unwrap().len(),
                _ => 0,
            },
            ContainerData::Lazy(_) => match self.get_value(idx, ctx) {
                LoroValue::List(list) => list.len(),
                _ => 0,
            },
        }
    }

    pub fn list_values(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> Vec<LoroValue> {
        match &mut self.data {
            ContainerData::State(state) => match self.kind {
                ContainerType::List => state.as_list_state().unwrap().iter().cloned().collect(),
                ContainerType::MovableList => state
                    .as_movable_list_state()
                    .unwrap()
                    .iter()
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            },
            ContainerData::Lazy(_) => match self.get_value(idx, ctx) {
                LoroValue::List(list) => list.iter().cloned().collect(),
                _ => Vec::new(),
            },
        }
    }

    pub fn encode(&mut self) -> Bytes {
        let ContainerData::State(state) = &mut self.data else {
            let lazy = match &self.data {
                ContainerData::Lazy(lazy) => lazy,
                ContainerData::State(_) => unreachable!(),
            };
            assert!(self.flushed, "lazy container should be flushed");
            return lazy.bytes.as_ref().unwrap().clone();
        };

        // ContainerType
        // Depth
        // ParentID
        // StateSnapshot
        let mut output = Vec::new();
        output.push(self.kind.to_u8());
        leb128::write::unsigned(&mut output, self.depth as u64).unwrap();
        postcard::to_io(&self.parent, &mut output).unwrap();
        state.encode_snapshot_fast(&mut output);
        output.into()
    }

    /// Decode the wrapper header (kind, depth, parent id) and locate where the
    /// container state payload starts. Single source of truth for the header
    /// layout written by [`Self::encode`].
    fn decode_header(bytes: &[u8]) -> LoroResult<DecodedHeader> {
        fn err() -> LoroError {
            LoroError::DecodeError("Decode container state failed".to_string().into_boxed_str())
        }

        if bytes.is_empty() {
            return Err(err());
        }
        let kind = ContainerType::try_from_u8(bytes[0])?;
        let mut reader = &bytes[1..];
        let depth = leb128::read::unsigned(&mut reader).map_err(|_| err())?;
        let (parent, reader) =
            postcard::take_from_bytes::<Option<ContainerID>>(reader).map_err(|_| err())?;
        Ok(DecodedHeader {
            kind,
            depth: depth as usize,
            parent,
            payload_offset: bytes.len() - reader.len(),
        })
    }

    /// Byte offset where the container state payload starts inside an encoded
    /// [`ContainerWrapper`] value (after the kind byte, depth, and parent id).
    pub(crate) fn payload_offset(bytes: &[u8]) -> LoroResult<usize> {
        Ok(Self::decode_header(bytes)?.payload_offset)
    }

    /// Parent id encoded in the header of a stored container wrapper, read
    /// without touching the state payload.
    pub(crate) fn try_decode_parent(bytes: &[u8]) -> LoroResult<Option<ContainerID>> {
        Ok(Self::decode_header(bytes)?.parent)
    }

    #[allow(unused)]
    pub fn decode_parent(b: &[u8]) -> Option<ContainerID> {
        Self::decode_header(b).unwrap().parent
    }

    pub fn new_from_bytes(bytes: Bytes) -> Self {
        Self::try_new_from_bytes(bytes).unwrap()
    }

    pub fn try_new_from_bytes(bytes: Bytes) -> LoroResult<Self> {
        let header = Self::decode_header(&bytes)?;
        Ok(Self {
            depth: header.depth,
            kind: header.kind,
            parent: header.parent,
            data: ContainerData::Lazy(Box::new(LazyContainerData {
                value: None,
                bytes: Some(bytes.clone()),
                bytes_offset_for_value: Some(header.payload_offset),
                bytes_offset_for_state: None,
            })),
            flushed: true,
            in_value_cache_queue: false,
            value_cache_referenced: false,
        })
    }

    fn decode_value(&mut self, idx: ContainerIdx, ctx: ContainerCreationContext) -> LoroResult<()> {
        if matches!(self.data, ContainerData::State(_)) {
            return Ok(());
        }

        if matches!(&self.data, ContainerData::Lazy(lazy) if lazy.value.is_some()) {
            return Ok(());
        }

        let (v, state_offset, decoded_state) = self.decode_value_from_bytes(idx, ctx)?;
        if let Some(state) = decoded_state {
            self.data = ContainerData::State(state);
            return Ok(());
        }

        let ContainerData::Lazy(lazy) = &mut self.data else {
            unreachable!();
        };
        lazy.value = Some(v);
        lazy.bytes_offset_for_state = Some(state_offset);
        Ok(())
    }

    pub(super) fn has_cached_value(&self) -> bool {
        match &self.data {
            ContainerData::State(_) => true,
            ContainerData::Lazy(lazy) => lazy.value.is_some(),
        }
    }

    /// Whether this wrapper holds an evictable cached decoded value: a flushed
    /// lazy wrapper is a pure cache over the KV bytes, so dropping it loses
    /// nothing (a later read re-creates it from the KV store).
    pub(super) fn is_evictable_cached_value(&self) -> bool {
        self.flushed && matches!(&self.data, ContainerData::Lazy(lazy) if lazy.value.is_some())
    }

    pub(super) fn is_in_value_cache_queue(&self) -> bool {
        self.in_value_cache_queue
    }

    pub(super) fn set_in_value_cache_queue(&mut self, value: bool) {
        self.in_value_cache_queue = value;
    }

    pub(super) fn mark_value_cache_referenced(&mut self) {
        self.value_cache_referenced = true;
    }

    /// Returns and clears the second-chance bit.
    pub(super) fn take_value_cache_referenced(&mut self) -> bool {
        std::mem::take(&mut self.value_cache_referenced)
    }

    #[cfg(test)]
    pub(super) fn has_cached_value_for_test(&self) -> bool {
        self.has_cached_value()
    }

    #[cfg(test)]
    pub(super) fn has_materialized_map_value_for_test(&self) -> bool {
        let ContainerData::Lazy(lazy) = &self.data else {
            return false;
        };
        matches!(
            lazy.value.as_ref(),
            Some(LazyDecodedValue::Map { value, .. }) if value.get().is_some()
        )
    }

    fn value_bytes_and_offset(&mut self) -> Option<(Bytes, usize)> {
        let ContainerData::Lazy(lazy) = &mut self.data else {
            return None;
        };

        let bytes = lazy.bytes.as_ref()?.clone();
        if lazy.bytes_offset_for_value.is_none() {
            lazy.bytes_offset_for_value = Some(Self::decode_header(&bytes).unwrap().payload_offset);
        }

        Some((bytes, lazy.bytes_offset_for_value.unwrap()))
    }

    fn decode_value_from_bytes(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> LoroResult<(LazyDecodedValue, usize, Option<State>)> {
        let Some((bytes, value_offset)) = self.value_bytes_and_offset() else {
            return Ok((LazyDecodedValue::Value(self.kind.default_value()), 0, None));
        };
        let b = &bytes[value_offset..];

        let mut decoded_state = None;
        let (v, state_offset) = match self.kind {
            ContainerType::Text => {
                let (v, rest) = RichtextState::decode_value(b)?;
                (
                    LazyDecodedValue::text(v),
                    b.len() - rest.len() + value_offset,
                )
            }
            ContainerType::Map => {
                let (v, rest) = MapState::decode_value_as_btree_map(b)?;
                (
                    LazyDecodedValue::Map {
                        ordered: v,
                        value: OnceCell::new(),
                    },
                    b.len() - rest.len() + value_offset,
                )
            }
            ContainerType::List => {
                let (v, rest) = ListState::decode_value(b)?;
                (
                    LazyDecodedValue::Value(v),
                    b.len() - rest.len() + value_offset,
                )
            }
            ContainerType::MovableList => {
                let (v, rest) = MovableListState::decode_value(b)?;
                (
                    LazyDecodedValue::Value(v),
                    b.len() - rest.len() + value_offset,
                )
            }
            ContainerType::Tree => {
                let mut state = TreeState::decode_snapshot_fast(idx, (LoroValue::Null, b), ctx)?;
                let value = state.get_value();
                decoded_state = Some(State::TreeState(Box::new(state)));
                (LazyDecodedValue::Value(value), value_offset)
            }
            #[cfg(feature = "counter")]
            ContainerType::Counter => {
                let (v, rest) = CounterState::decode_value(b)?;
                (
                    LazyDecodedValue::Value(v),
                    b.len() - rest.len() + value_offset,
                )
            }
            ContainerType::Unknown(_) => {
                let (v, rest) = UnknownState::decode_value(b)?;
                (
                    LazyDecodedValue::Value(v),
                    b.len() - rest.len() + value_offset,
                )
            }
        };

        Ok((v, state_offset, decoded_state))
    }

    pub(super) fn decode_state(
        &mut self,
        idx: ContainerIdx,
        ctx: ContainerCreationContext,
    ) -> LoroResult<()> {
        if matches!(self.data, ContainerData::State(_)) {
            return Ok(());
        }

        let need_value = match &self.data {
            ContainerData::Lazy(lazy) => lazy.value.is_none(),
            ContainerData::State(_) => false,
        };
        if need_value {
            self.decode_value(idx, ctx)?;
        }

        if matches!(self.data, ContainerData::State(_)) {
            return Ok(());
        }

        let ContainerData::Lazy(lazy) = &self.data else {
            unreachable!();
        };
        let bytes = lazy.bytes.as_ref().unwrap();
        let offset = lazy.bytes_offset_for_state.unwrap();
        let b = &bytes[offset..];
        let v = lazy.value.as_ref().unwrap().to_loro_value();
        let state: State = match self.kind {
            ContainerType::Text => RichtextState::decode_snapshot_fast(idx, (v, b), ctx)?.into(),
            ContainerType::Map => MapState::decode_snapshot_fast(idx, (v, b), ctx)?.into(),
            ContainerType::List => ListState::decode_snapshot_fast(idx, (v, b), ctx)?.into(),
            ContainerType::MovableList => {
                MovableListState::decode_snapshot_fast(idx, (v, b), ctx)?.into()
            }
            ContainerType::Tree => TreeState::decode_snapshot_fast(idx, (v, b), ctx)?.into(),
            #[cfg(feature = "counter")]
            ContainerType::Counter => CounterState::decode_snapshot_fast(idx, (v, b), ctx)?.into(),
            ContainerType::Unknown(_) => {
                UnknownState::decode_snapshot_fast(idx, (v, b), ctx)?.into()
            }
        };
        self.data = ContainerData::State(state);
        Ok(())
    }

    #[allow(unused)]
    pub(crate) fn is_state_empty(&self) -> bool {
        match &self.data {
            ContainerData::State(state) => state.is_state_empty(),
            ContainerData::Lazy(lazy) => {
                // FIXME: it's not very accurate...
                lazy.bytes.as_ref().unwrap().len() > 10
            }
        }
    }

    pub(crate) fn is_deleted_root_value_cleared(&mut self) -> bool {
        fn value_is_cleared(kind: ContainerType, value: &LoroValue) -> bool {
            match kind {
                ContainerType::Text => value.as_string().is_some_and(|value| value.is_empty()),
                ContainerType::Map | ContainerType::List | ContainerType::MovableList => {
                    value.is_empty_collection()
                }
                ContainerType::Tree => value.as_list().is_some_and(|value| value.is_empty()),
                #[cfg(feature = "counter")]
                ContainerType::Counter => value.as_double().is_some_and(|value| *value == 0.0),
                ContainerType::Unknown(_) => false,
            }
        }

        match &mut self.data {
            ContainerData::State(state) => value_is_cleared(self.kind, &state.get_value()),
            ContainerData::Lazy(lazy) => lazy
                .value
                .as_ref()
                .is_some_and(|value| value_is_cleared(self.kind, &value.to_loro_value())),
        }
    }

    pub(crate) fn clear_bytes(&mut self) {
        assert!(matches!(self.data, ContainerData::State(_)));
    }

    pub(crate) fn is_flushed(&self) -> bool {
        self.flushed
    }

    pub(crate) fn set_flushed(&mut self, flushed: bool) {
        self.flushed = flushed;
    }

    #[allow(unused)]
    pub(crate) fn parent(&self) -> Option<&ContainerID> {
        self.parent.as_ref()
    }
}
