//! Exact decimal numbers for `decimal` and `percentage` fields.
//!
//! A JSON number is read from its decimal text (`12.5`, `1e3`), never through a float's
//! arithmetic: 0.1 + 0.2 must not exceed 0.3 in a `not_more` sum, and 12.345 must print
//! as 12.345 and not as 12.344999…. A value is an integer count of 10^-scale.

use std::cmp::Ordering;

use serde_json::Number;

/// Most decimals kept for arithmetic; a value with more has an error anyway (places ≤ 6).
const MAX_SCALE: u32 = 12;

/// Integer digits beyond which a value counts as ±10^20: far outside any field's range,
/// and small enough that every sum and rescaling stays within i128.
const MAX_INTEGER_DIGITS: i64 = 20;

#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    units: i128,
    scale: u32,
    /// The decimals the number was written with, trailing zeros left out (12.50 → 1).
    places: u32,
}

impl Decimal {
    /// An integer as a decimal.
    pub fn from_int(n: i64) -> Decimal {
        Decimal { units: i128::from(n), scale: 0, places: 0 }
    }

    /// A JSON number, exactly as its text says.
    pub fn of(n: &Number) -> Option<Decimal> {
        Decimal::parse(&n.to_string())
    }

    /// A number in JSON's syntax: `-12.50`, `3`, `1.5e2`. `None` for anything else.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].trim_start_matches('+').parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let all = format!("{int}{frac}");
        let significant = all.trim_end_matches('0');
        // value = digits × 10^point
        let mut point = exponent.saturating_sub(frac.len() as i64).saturating_add((all.len() - significant.len()) as i64);
        let digits = significant.trim_start_matches('0');
        if digits.is_empty() {
            return Some(Decimal { units: 0, scale: 0, places: 0 });
        }
        let places = u32::try_from(point.min(0).unsigned_abs()).unwrap_or(u32::MAX);
        let sign = if negative { -1 } else { 1 };
        if digits.len() as i64 + point > MAX_INTEGER_DIGITS {
            return Some(Decimal { units: sign * 10i128.pow(MAX_INTEGER_DIGITS as u32), scale: 0, places });
        }
        let mut digits = digits;
        if point < -i64::from(MAX_SCALE) {
            let drop = (-point - i64::from(MAX_SCALE)) as usize;
            digits = &digits[..digits.len().saturating_sub(drop)];
            point = -i64::from(MAX_SCALE);
        }
        let mut units: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
        if point > 0 {
            units *= 10i128.pow(point as u32);
        }
        Some(Decimal { units: sign * units, scale: u32::try_from(-point.min(0)).unwrap_or(0), places })
    }

    /// How many decimals the number was written with (12.50 → 1, 3 → 0).
    pub fn places(&self) -> u32 {
        self.places
    }

    fn units_at(&self, scale: u32) -> i128 {
        self.units.saturating_mul(10i128.pow(scale - self.scale))
    }

    /// The sum, exact.
    pub fn add(&self, other: &Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let units = self.units_at(scale).saturating_add(other.units_at(scale));
        Decimal { units, scale, places: self.places.max(other.places) }
    }

    /// The number with exactly `places` decimals: 12.5 → 「12.50」; more decimals are
    /// rounded half away from zero (12.345 → 「12.35」), as a clerk rounds.
    pub fn fixed(&self, places: u32) -> String {
        let places = places.min(MAX_SCALE);
        let units = if self.scale <= places {
            self.units_at(places)
        } else {
            let div = 10i128.pow(self.scale - places);
            let (q, r) = (self.units / div, self.units % div);
            q + (r.abs() * 2 >= div) as i128 * self.units.signum()
        };
        let sign = if units < 0 { "-" } else { "" };
        let digits = units.unsigned_abs().to_string();
        if places == 0 {
            return format!("{sign}{digits}");
        }
        let digits = format!("{digits:0>width$}", width = places as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - places as usize);
        format!("{sign}{int}.{frac}")
    }
}

impl std::fmt::Display for Decimal {
    /// The number as written, without trailing zeros: 12.5, 3, -0.25.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.fixed(self.places.min(MAX_SCALE)))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.units_at(scale).cmp(&other.units_at(scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn numbers_are_read_from_their_text() {
        assert_eq!(d("12.50").places(), 1);
        assert_eq!(d("12.50").to_string(), "12.5");
        assert_eq!(d("3").places(), 0);
        assert_eq!(d("1.5e2").to_string(), "150");
        assert_eq!(d("1.25E-1").to_string(), "0.125");
        assert_eq!(d("-0.25").to_string(), "-0.25");
        assert_eq!(d("0.000").to_string(), "0");
        assert_eq!(d("1e400"), d("1e30"), "huge numbers saturate");
        assert!(d("1e400") > d("99999999999999999999"));
        assert_eq!(d("1e-400").places(), 400);
        for bad in ["", "-", ".5", "1.2.3", "12%", "１２", "1e", "abc"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn sums_and_comparisons_are_exact() {
        let sum = d("0.1").add(&d("0.2"));
        assert_eq!(sum, d("0.3"));
        assert_eq!(sum.cmp(&d("0.3")), Ordering::Equal);
        assert!(d("95.5") < d("100"));
        assert!(d("-1") < d("0.001"));
        assert_eq!(Decimal::from_int(12), d("12.000"));
    }

    #[test]
    fn fixed_places_pad_and_round() {
        assert_eq!(d("12.5").fixed(2), "12.50");
        assert_eq!(d("12").fixed(1), "12.0");
        assert_eq!(d("0.05").fixed(2), "0.05");
        assert_eq!(d("12.345").fixed(2), "12.35");
        assert_eq!(d("-12.345").fixed(2), "-12.35");
        assert_eq!(d("95.5").fixed(0), "96");
        assert_eq!(d("0.004").fixed(2), "0.00");
    }
}
