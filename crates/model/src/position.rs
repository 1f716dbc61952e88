//! Fractional-index positions for ordering cards inside a cell.
//!
//! This is the base-62 scheme of the `fractional-indexing` npm package that the UI uses, so keys
//! made on either side sort and interleave correctly. Keys compare as plain byte strings.

use crate::ModelError;

const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SMALLEST_INTEGER: &str = "A00000000000000000000000000";

fn bad(key: &str) -> ModelError {
    ModelError::Invalid(format!("invalid position key {key:?}"))
}

fn digit_index(c: u8) -> Option<usize> {
    DIGITS.iter().position(|&d| d == c)
}

fn integer_length(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some(usize::from(head - b'a') + 2),
        b'A'..=b'Z' => Some(usize::from(b'Z' - head) + 2),
        _ => None,
    }
}

fn integer_part(key: &str) -> Result<&str, ModelError> {
    let head = *key.as_bytes().first().ok_or_else(|| bad(key))?;
    let len = integer_length(head).ok_or_else(|| bad(key))?;
    key.get(..len).ok_or_else(|| bad(key))
}

fn validate(key: &str) -> Result<(), ModelError> {
    if key == SMALLEST_INTEGER || !key.bytes().all(|b| digit_index(b).is_some()) {
        return Err(bad(key));
    }
    let int = integer_part(key)?;
    if key[int.len()..].ends_with('0') {
        return Err(bad(key));
    }
    Ok(())
}

/// A digit string strictly between `a` and `b` (fractional parts; `b = None` means the end).
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Result<Vec<u8>, ModelError> {
    if let Some(b) = b {
        let n = (0..b.len())
            .take_while(|&i| a.get(i).copied().unwrap_or(b'0') == b[i])
            .count();
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..]))?);
            return Ok(out);
        }
    }
    let digit_a = match a.first() {
        Some(&c) => digit_index(c).ok_or_else(|| bad("midpoint"))?,
        None => 0,
    };
    let digit_b = match b.and_then(|b| b.first()) {
        Some(&c) => digit_index(c).ok_or_else(|| bad("midpoint"))?,
        None => DIGITS.len(),
    };
    if digit_b.saturating_sub(digit_a) > 1 {
        let mid = (digit_a + digit_b).div_ceil(2);
        return Ok(vec![DIGITS[mid]]);
    }
    if let Some(b) = b.filter(|b| b.len() > 1) {
        return Ok(b[..1].to_vec());
    }
    let mut out = vec![DIGITS[digit_a]];
    out.extend(midpoint(a.get(1..).unwrap_or(&[]), None)?);
    Ok(out)
}

fn increment_integer(x: &str) -> Option<String> {
    let bytes = x.as_bytes();
    let head = bytes[0];
    let mut digits = bytes[1..].to_vec();
    let mut carry = true;
    for d in digits.iter_mut().rev() {
        let next = digit_index(*d)? + 1;
        if next == DIGITS.len() {
            *d = b'0';
        } else {
            *d = DIGITS[next];
            carry = false;
            break;
        }
    }
    if carry {
        if head == b'Z' {
            return Some("a0".to_owned());
        }
        if head == b'z' {
            return None;
        }
        let h = head + 1;
        if h > b'a' {
            digits.push(b'0');
        } else {
            digits.pop();
        }
        return Some(format!("{}{}", h as char, String::from_utf8_lossy(&digits)));
    }
    Some(format!(
        "{}{}",
        head as char,
        String::from_utf8_lossy(&digits)
    ))
}

fn decrement_integer(x: &str) -> Option<String> {
    let bytes = x.as_bytes();
    let head = bytes[0];
    let mut digits = bytes[1..].to_vec();
    let last = DIGITS[DIGITS.len() - 1];
    let mut borrow = true;
    for d in digits.iter_mut().rev() {
        let idx = digit_index(*d)?;
        if idx == 0 {
            *d = last;
        } else {
            *d = DIGITS[idx - 1];
            borrow = false;
            break;
        }
    }
    if borrow {
        if head == b'a' {
            return Some(format!("Z{}", last as char));
        }
        if head == b'A' {
            return None;
        }
        let h = head - 1;
        if h < b'Z' {
            digits.push(last);
        } else {
            digits.pop();
        }
        return Some(format!("{}{}", h as char, String::from_utf8_lossy(&digits)));
    }
    Some(format!(
        "{}{}",
        head as char,
        String::from_utf8_lossy(&digits)
    ))
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether `key` is a well-formed position (a document written by a broken or hostile client may
/// hold others; writers skip them rather than fail).
pub fn is_valid(key: &str) -> bool {
    validate(key).is_ok()
}

/// A key that sorts strictly between `a` and `b` (either may be open-ended).
pub fn key_between(a: Option<&str>, b: Option<&str>) -> Result<String, ModelError> {
    if let Some(a) = a {
        validate(a)?;
    }
    if let Some(b) = b {
        validate(b)?;
    }
    match (a, b) {
        (Some(a), Some(b)) if a >= b => Err(ModelError::Invalid(format!(
            "position {a:?} is not before {b:?}"
        ))),
        (None, None) => Ok("a0".to_owned()),
        (None, Some(b)) => {
            let ib = integer_part(b)?;
            let fb = &b[ib.len()..];
            if ib == SMALLEST_INTEGER {
                return Ok(format!("{ib}{}", text(midpoint(b"", Some(fb.as_bytes()))?)));
            }
            if ib < b {
                return Ok(ib.to_owned());
            }
            decrement_integer(ib).ok_or_else(|| bad(b))
        }
        (Some(a), None) => {
            let ia = integer_part(a)?;
            let fa = &a[ia.len()..];
            match increment_integer(ia) {
                Some(i) => Ok(i),
                None => Ok(format!("{ia}{}", text(midpoint(fa.as_bytes(), None)?))),
            }
        }
        (Some(a), Some(b)) => {
            let ia = integer_part(a)?;
            let fa = &a[ia.len()..];
            let ib = integer_part(b)?;
            let fb = &b[ib.len()..];
            if ia == ib {
                return Ok(format!(
                    "{ia}{}",
                    text(midpoint(fa.as_bytes(), Some(fb.as_bytes()))?)
                ));
            }
            let i = increment_integer(ia).ok_or_else(|| bad(a))?;
            if i.as_str() < b {
                return Ok(i);
            }
            Ok(format!("{ia}{}", text(midpoint(fa.as_bytes(), None)?)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` keys in ascending order after `after`, as cards appended one by one get them.
    pub(super) fn keys_after(after: Option<&str>, n: usize) -> Result<Vec<String>, ModelError> {
        let mut out = Vec::with_capacity(n);
        let mut last = after.map(str::to_owned);
        for _ in 0..n {
            let key = key_between(last.as_deref(), None)?;
            out.push(key.clone());
            last = Some(key);
        }
        Ok(out)
    }

    // Known keys and malformed ones: tests/vectors/fractional_index.json (crates/model/tests/vectors.rs).

    #[test]
    fn many_inserts_stay_ordered() {
        let mut keys = keys_after(None, 100).unwrap();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        // Repeatedly insert at the front and between neighbours.
        for _ in 0..50 {
            let first = keys[0].clone();
            keys.insert(0, key_between(None, Some(&first)).unwrap());
            let mid = key_between(Some(&keys[10]), Some(&keys[11])).unwrap();
            keys.insert(11, mid);
        }
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
