//! Date expressions in a sentence ("on April 21", "last year", "in May 1994", "on Tuesday"),
//! resolved against the article's date.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;

use crate::date::PartialDate;

const MONTH: &str = r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|August|Aug\.|Sept(?:ember|\.)?|Sep\.|October|Oct\.|November|Nov\.|December|Dec\.)";

static DATE_EXPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    let month_day = format!(r"{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:1[89]|20)\d\d))?\b");
    let day_month = format!(
        r"(?P<day2>\d{{1,2}})\s+{}(?:,?\s+(?P<year2>(?:1[89]|20)\d\d))?\b",
        MONTH.replace("?P<month>", "?P<month2>")
    );
    let month_year = format!(
        r"(?:(?P<rel_month>(?i:last|next|this|early|late|mid-?|in|since|by|until|from))\s+)?{}(?:,?\s+(?P<year3>(?:1[89]|20)\d\d))?\b",
        MONTH.replace("?P<month>", "?P<month3>")
    );
    let year = r"(?i:in|since|by|until|from|of|during)\s+(?P<year4>(?:1[89]|20)\d\d)\b";
    let relative = r"(?i:(?P<rel>last|this|next|past)\s+(?P<unit>year|month|week))\b";
    let weekday = r"(?:on\s+|last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b";
    let day_word = r"(?i:\b(?P<dayword>yesterday|today))\b";
    Regex::new(&format!(
        r"\b(?:{month_day}|{day_month}|{month_year}|{year}|{relative}|{weekday})|{day_word}"
    ))
    .expect("the date grammar is a valid regex")
});

/// Every date expression in `text` that the article's date lets us resolve, with its byte range.
pub fn find_dates(text: &str, article_date: Option<PartialDate>) -> Vec<(Range<usize>, PartialDate)> {
    DATE_EXPRESSION
        .captures_iter(text)
        .filter_map(|caps| {
            let range = caps.get(0)?.range();
            resolve(&caps, article_date).map(|date| (range, date))
        })
        .collect()
}

fn resolve(caps: &regex::Captures<'_>, article: Option<PartialDate>) -> Option<PartialDate> {
    let year_of = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
    if let Some(month) = caps
        .name("month")
        .or_else(|| caps.name("month2"))
        .map(|m| month_number(m.as_str()))
    {
        let day: u8 = caps.name("day").or_else(|| caps.name("day2"))?.as_str().parse().ok()?;
        let year = year_of("year")
            .or_else(|| year_of("year2"))
            .or_else(|| nearest_year(month, article))?;
        return PartialDate::day(year, month, day);
    }
    if let Some(month) = caps.name("month3").map(|m| month_number(m.as_str())) {
        if let Some(year) = year_of("year3") {
            return Some(PartialDate::month(year, month));
        }
        let relation = caps.name("rel_month").map(|m| m.as_str().to_lowercase());
        // A bare capitalised "May" is more often the verb than the month: want a preposition.
        relation.as_ref()?;
        let article = article?;
        let year = match (relation.as_deref(), article.month) {
            (Some("last"), Some(now)) => {
                if month >= now {
                    article.year - 1
                } else {
                    article.year
                }
            }
            (Some("next"), Some(now)) => {
                if month <= now {
                    article.year + 1
                } else {
                    article.year
                }
            }
            _ => nearest_year(month, Some(article))?,
        };
        return Some(PartialDate::month(year, month));
    }
    if let Some(year) = year_of("year4") {
        return Some(PartialDate::year(year));
    }
    if let (Some(rel), Some(unit)) = (caps.name("rel"), caps.name("unit")) {
        return relative(article?, &rel.as_str().to_lowercase(), &unit.as_str().to_lowercase());
    }
    if let Some(weekday) = caps.name("weekday") {
        let article = article?;
        article.day?;
        let wanted = weekday_of(weekday.as_str())?;
        let date = article.first_day();
        let back = (date.weekday().to_monday_zero_offset() - wanted.to_monday_zero_offset()).rem_euclid(7);
        let day = date.checked_sub(jiff::Span::new().days(back as i64)).ok()?;
        return Some(PartialDate::from_civil(day));
    }
    if let Some(word) = caps.name("dayword") {
        let article = article?;
        article.day?;
        let date: Date = article.first_day();
        let day = if word.as_str().eq_ignore_ascii_case("yesterday") {
            date.yesterday().ok()?
        } else {
            date
        };
        return Some(PartialDate::from_civil(day));
    }
    None
}

fn relative(article: PartialDate, rel: &str, unit: &str) -> Option<PartialDate> {
    let shift: i16 = match rel {
        "last" | "past" => -1,
        "next" => 1,
        _ => 0,
    };
    match unit {
        "year" => Some(PartialDate::year(article.year + shift)),
        "month" => {
            let month = article.month? as i16 + shift;
            let (year, month) = match month {
                0 => (article.year - 1, 12),
                13 => (article.year + 1, 1),
                m => (article.year, m as u8),
            };
            Some(PartialDate::month(year, month))
        }
        // A week is finer than most article dates: "this week" is the article's date.
        _ if shift == 0 => Some(article),
        _ => match article.day {
            Some(_) => {
                let date = article
                    .first_day()
                    .checked_add(jiff::Span::new().days(7 * shift as i64))
                    .ok()?;
                Some(PartialDate::from_civil(date))
            }
            None => Some(article),
        },
    }
}

/// The year that puts a month closest to the article's date ("in May" in an April 2009 article is
/// May 2009; "in December" in a February 2009 article is December 2008).
fn nearest_year(month: u8, article: Option<PartialDate>) -> Option<i16> {
    let article = article?;
    let Some(now) = article.month else {
        return Some(article.year);
    };
    let distance = month as i16 - now as i16;
    Some(if distance > 6 {
        article.year - 1
    } else if distance < -6 {
        article.year + 1
    } else {
        article.year
    })
}

fn month_number(text: &str) -> u8 {
    let lower = text.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES
        .iter()
        .position(|n| lower.starts_with(n))
        .map_or(1, |i| i as u8 + 1)
}

fn weekday_of(text: &str) -> Option<Weekday> {
    Some(match text {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, article: &str) -> Vec<String> {
        find_dates(text, article.parse().ok())
            .into_iter()
            .map(|(_, d)| d.to_string())
            .collect()
    }

    #[test]
    fn month_and_day_take_the_articles_year() {
        assert_eq!(
            dates("backed Russia on April 21 by pulling out", "2009-04"),
            ["2009-04-21"]
        );
        assert_eq!(dates("during his visit on February 16", "2009-02"), ["2009-02-16"]);
    }

    #[test]
    fn relative_years_count_from_the_article() {
        assert_eq!(dates("fought a brief war last year", "2009-04"), ["2008"]);
        assert_eq!(dates("visit to Brussels last December", "2009-02"), ["2008-12"]);
    }

    #[test]
    fn explicit_years_win() {
        assert_eq!(dates("the war in August 2008", "2009-05"), ["2008-08"]);
        assert_eq!(dates("joined in May 1994", "2009-05"), ["1994-05"]);
        assert_eq!(dates("on 5 May 2009", "2010"), ["2009-05-05"]);
        assert_eq!(dates("since 2003", "2009-05"), ["2003"]);
        assert_eq!(dates("In 2008, Russia recognized", "2009-06"), ["2008"]);
    }

    #[test]
    fn a_bare_month_needs_a_preposition() {
        assert_eq!(dates("exercises near Tbilisi in May", "2009-04"), ["2009-05"]);
        assert!(dates("Kazakhstan May consider it", "2009-04").is_empty());
    }

    #[test]
    fn weekdays_need_a_full_article_date() {
        assert_eq!(dates("on Tuesday backed Russia", "2009-04-23"), ["2009-04-21"]);
        assert!(dates("on Tuesday backed Russia", "2009-04").is_empty());
    }
}
