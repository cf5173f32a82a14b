//! The Luhn check digit, used by card numbers and IMEIs.

pub fn valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let v = d as u32 * (1 + (i & 1) as u32);
        sum += v - 9 * (v > 9) as u32;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        let d = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<_>>();
        assert!(super::valid(&d("4111111111111111")));
        assert!(super::valid(&d("490154203237518")));
        assert!(!super::valid(&d("4111111111111112")));
        assert!(!super::valid(&[]));
    }
}
