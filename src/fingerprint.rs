//! Short, stable fingerprints of what a cache entry was built from.

use sha2::{Digest, Sha256};

/// The first 8 bytes of the SHA-256 of `parts`, fed in order, as 16 hex
/// digits: enough to tell cached templates and shim versions apart.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_hashed_in_order_and_cut_to_sixteen_hex_digits() {
        let ab = fingerprint([b"a".as_slice(), b"b".as_slice()]);
        assert_eq!(ab.len(), 16);
        assert_eq!(ab, fingerprint([b"ab".as_slice()]));
        assert_ne!(ab, fingerprint([b"b".as_slice(), b"a".as_slice()]));
        // SHA-256("ab") starts fb8e20fc2e4c3f24.
        assert_eq!(ab, "fb8e20fc2e4c3f24");
    }
}
