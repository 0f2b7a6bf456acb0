//! Maps byte offsets in a file to 1-based lines and columns.

/// Line starts of one text, for offset → (line, column) lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line and column (counted in characters) of byte `offset`
    /// in `text`, the text this index was built from.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (to_u32(line), to_u32(column))
    }
}

/// The byte offset of the `n`th character (0-based) of `text`, clamped to its end.
pub fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 1), (1, 2));
        assert_eq!(index.position(text, 3), (2, 1));
        // 'd' comes after the two-byte 'ç': column 2, not 3.
        assert_eq!(index.position(text, 5), (2, 2));
        assert_eq!(index.position(text, 7), (3, 1));
        assert_eq!(index.position(text, 8), (4, 1));
        assert_eq!(index.position(text, 100), (4, 2));
    }

    #[test]
    fn char_offsets_become_byte_offsets() {
        assert_eq!(char_to_byte("çab", 1), 2);
        assert_eq!(char_to_byte("ab", 9), 2);
    }
}
