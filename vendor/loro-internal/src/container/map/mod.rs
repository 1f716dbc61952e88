mod map_content;

pub(crate) use map_content::MapSet;
