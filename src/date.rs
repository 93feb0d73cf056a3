//! Calendar dates as news reports give them: a year, a month, or a day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to a year, a month or a day ("2009", "2009-04", "2009-04-21").
///
/// Ordering compares the known parts first, so "2009" < "2009-04" < "2009-04-21".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateParseError {
    pub text: String,
}

impl PartialDate {
    pub fn year(year: i16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i16, month: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A full date; `None` when the day does not exist in that month.
    pub fn day(year: i16, month: u8, day: u8) -> Option<Self> {
        jiff::civil::Date::new(year, month as i8, day as i8).ok()?;
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The first day this date can mean ("2009-04" starts on 2009-04-01).
    pub fn first_day(&self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(1) as i8;
        let day = self.day.unwrap_or(1) as i8;
        jiff::civil::Date::new(self.year, month, day).unwrap_or(jiff::civil::Date::MIN)
    }

    /// The last day this date can mean ("2009-04" ends on 2009-04-30).
    pub fn last_day(&self) -> jiff::civil::Date {
        match (self.month, self.day) {
            (Some(m), Some(d)) => jiff::civil::Date::new(self.year, m as i8, d as i8).unwrap_or(jiff::civil::Date::MAX),
            (Some(m), None) => jiff::civil::Date::new(self.year, m as i8, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(jiff::civil::Date::MAX),
            _ => jiff::civil::Date::new(self.year, 12, 31).unwrap_or(jiff::civil::Date::MAX),
        }
    }

    pub fn from_civil(date: jiff::civil::Date) -> Self {
        PartialDate {
            year: date.year(),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
        }
    }
}

/// An inclusive span of time with open ends, as in an office holder's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

impl Period {
    /// Whether the period can overlap the given date (an unknown date overlaps every period).
    pub fn covers(&self, date: Option<PartialDate>) -> bool {
        let Some(date) = date else { return true };
        let starts_in_time = self.from.is_none_or(|from| from.first_day() <= date.last_day());
        let ends_in_time = self.to.is_none_or(|to| to.last_day() >= date.first_day());
        starts_in_time && ends_in_time
    }

    /// True when both ends are known and the end comes before the start.
    pub fn is_inverted(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if t.last_day() < f.first_day())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError { text: text.to_string() };
        let mut parts = text.trim().split('-');
        let year_text = parts.next().ok_or_else(err)?;
        if year_text.len() != 4 {
            return Err(err());
        }
        let year: i16 = year_text.parse().map_err(|_| err())?;
        let month = match parts.next() {
            Some(m) => Some(parse_part(m, 1, 12).ok_or_else(err)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_part(d, 1, 31).ok_or_else(err)?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(err());
        }
        match (month, day) {
            (Some(m), Some(d)) => PartialDate::day(year, m, d).ok_or_else(err),
            (Some(m), None) => Ok(PartialDate::month(year, m)),
            _ => Ok(PartialDate::year(year)),
        }
    }
}

/// A two-digit part within bounds, or `None`.
fn parse_part(text: &str, min: u8, max: u8) -> Option<u8> {
    if text.len() != 2 {
        return None;
    }
    let value: u8 = text.parse().ok()?;
    (min..=max).contains(&value).then_some(value)
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_each_precision() {
        for text in ["2009", "2009-04", "2009-04-21"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in ["2009-13", "2009-02-30", "09-04", "2009-4", "April 2009", ""] {
            assert!(text.parse::<PartialDate>().is_err(), "{text}");
        }
    }

    #[test]
    fn coarser_dates_sort_first() {
        let year: PartialDate = "2009".parse().unwrap();
        let month: PartialDate = "2009-04".parse().unwrap();
        let day: PartialDate = "2009-04-21".parse().unwrap();
        assert!(year < month && month < day);
    }

    #[test]
    fn a_term_covers_the_months_it_touches() {
        let term = Period {
            from: "2007-02-01".parse().ok(),
            to: "2009-06-30".parse().ok(),
        };
        assert!(term.covers("2009-04".parse().ok()));
        assert!(term.covers("2007-02".parse().ok()));
        assert!(!term.covers("2009-07".parse().ok()));
        assert!(!term.covers("2006".parse().ok()));
        assert!(term.covers(None));
    }
}
