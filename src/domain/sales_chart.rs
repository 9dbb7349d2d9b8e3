//! `SalesChart`: the dashboard's bar chart of revenue per day, worked out as plain numbers.
//!
//! The chart is drawn by the template `partials/_sales_chart.html` as inline SVG, with no
//! chart library and no JavaScript. Everything it needs is computed here, where it can be
//! unit-tested: this file adds the sales up per day and holds the types the template reads;
//! `sales_chart/drawing.rs` works out the round money ticks and where every bar, tick and
//! date label goes. The dashboard (`routes::admin::dashboard`) fetches the sales through
//! `models::daily_sales` and calls `SalesChart::build`; nothing here knows about the
//! database or the web.
//!
//! Coordinates are in the SVG's own units (its `viewBox`), not pixels: the browser scales
//! the whole drawing to the width it has, from a phone to a desktop.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::Money;

mod drawing;

pub use drawing::nice_ticks;

/// How many days the chart covers, today included.
pub const CHART_DAYS: usize = 30;

/// The revenue of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySales {
    /// The day, in UTC (the shop's timestamps are UTC).
    pub date: NaiveDate,
    /// The sum of that day's sales; zero for a day without any.
    pub revenue: Money,
}

impl DaySales {
    /// The day as the chart writes it, such as "12 Nov".
    pub fn short_date(&self) -> String {
        self.date.format("%-d %b").to_string()
    }

    /// The day as the table writes it, such as "Thu 12 Nov 2026".
    pub fn long_date(&self) -> String {
        self.date.format("%a %-d %b %Y").to_string()
    }
}

/// One bar: a day's revenue and its rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The day it stands for (its tooltip shows the date and the amount).
    pub day: DaySales,
    /// The left edge, in SVG units.
    pub x: f64,
    /// The top edge, in SVG units (y grows downwards, so a taller bar has a smaller `y`).
    pub y: f64,
    /// The width, in SVG units; the same for every bar.
    pub width: f64,
    /// The height, in SVG units; 0 for a day without sales.
    pub height: f64,
}

/// A line across the chart at a round amount, with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Where the line runs, in SVG units from the top.
    pub y: f64,
    /// The label's baseline, a little below the line so the text sits centred on it.
    pub label_y: f64,
    /// The amount in whole euros, such as "€1,500".
    pub label: String,
}

/// A date written under the bars; `x` is the middle of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateLabel {
    /// The middle of the text, in SVG units, kept far enough from the edges to fit.
    pub x: f64,
    /// The date, such as "12 Nov".
    pub text: String,
}

/// Everything the template needs to draw the chart and its table.
#[derive(Debug, Clone)]
pub struct SalesChart {
    /// Every day of the chart, oldest first, `CHART_DAYS` of them (for the table under it).
    pub days: Vec<DaySales>,
    /// One bar per day, in the order of `days`.
    pub bars: Vec<Bar>,
    /// The money axis, from 0 up; the top one is at or above the best day.
    pub ticks: Vec<Tick>,
    /// A date under every seventh bar, today's always included.
    pub date_labels: Vec<DateLabel>,
    /// The revenue of all the days together.
    pub total: Money,
    /// The day with the most revenue (the earliest of equals); `None` without sales.
    pub best_day: Option<DaySales>,
}

impl SalesChart {
    /// The chart of the `CHART_DAYS` days ending with `today`, from (placed at, total in
    /// cents) pairs; sales outside those days are left out.
    pub fn build(today: NaiveDate, sales: &[(NaiveDateTime, i64)]) -> SalesChart {
        let first = first_day(today);
        let days = daily_totals(first, CHART_DAYS, sales);
        let (ticks, top) =
            drawing::ticks(days.iter().map(|d| d.revenue.cents()).max().unwrap_or(0));
        let best_day = days.iter().filter(|d| d.revenue.cents() > 0).fold(
            None,
            |best: Option<DaySales>, day| match best {
                Some(b) if b.revenue >= day.revenue => Some(b),
                _ => Some(*day),
            },
        );
        SalesChart {
            bars: drawing::bars(&days, top),
            ticks,
            date_labels: drawing::date_labels(&days),
            total: days.iter().map(|d| d.revenue).sum(),
            best_day,
            days,
        }
    }

    /// One sentence for screen readers, such as "Sales over the last 30 days: €1234.00 in
    /// total, best day 12 Nov with €300.00."
    pub fn summary(&self) -> String {
        let best = match &self.best_day {
            Some(day) => format!("best day {} with {}", day.short_date(), day.revenue),
            None => "no sales".to_string(),
        };
        format!(
            "Sales over the last {CHART_DAYS} days: {} in total, {best}.",
            self.total
        )
    }
}

/// The first day the chart shows: `CHART_DAYS - 1` days before today.
pub fn first_day(today: NaiveDate) -> NaiveDate {
    today - Duration::days(CHART_DAYS as i64 - 1)
}

/// The revenue of each of `days` days from `first`, in order; a day without sales is zero.
pub fn daily_totals(
    first: NaiveDate,
    days: usize,
    sales: &[(NaiveDateTime, i64)],
) -> Vec<DaySales> {
    let mut totals = vec![0i64; days];
    for (placed_at, cents) in sales {
        let index = (placed_at.date() - first).num_days();
        if let Some(total) = usize::try_from(index).ok().and_then(|i| totals.get_mut(i)) {
            *total += cents;
        }
    }
    totals
        .into_iter()
        .enumerate()
        .map(|(i, cents)| DaySales {
            date: first + Duration::days(i as i64),
            revenue: Money::from_cents(cents),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn at(text: &str, hour: u32) -> NaiveDateTime {
        day(text).and_hms_opt(hour, 0, 0).expect("a time")
    }

    #[test]
    fn an_empty_month_has_thirty_zero_bars_and_a_one_euro_axis() {
        let chart = SalesChart::build(day("2026-11-23"), &[]);

        assert_eq!(chart.bars.len(), CHART_DAYS);
        assert!(chart.bars.iter().all(|bar| bar.height == 0.0));
        assert_eq!(chart.days[0].date, day("2026-10-25"));
        assert_eq!(chart.days[29].date, day("2026-11-23"));
        assert_eq!(chart.total, Money::from_cents(0));
        assert_eq!(chart.best_day, None);
        let labels: Vec<_> = chart.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["€0", "€1"]);
        assert!(chart.summary().contains("€0.00 in total, no sales"));
    }

    #[test]
    fn sales_are_added_up_per_day_and_days_outside_the_chart_are_left_out() {
        let sales = [
            (at("2026-11-23", 9), 1250),
            (at("2026-11-23", 23), 750),
            (at("2026-11-01", 0), 300),
            (at("2026-10-24", 12), 99_999),
            (at("2026-11-24", 0), 99_999),
        ];

        let days = daily_totals(day("2026-10-25"), CHART_DAYS, &sales);

        assert_eq!(days[29].revenue, Money::from_cents(2000));
        assert_eq!(days[7].date, day("2026-11-01"));
        assert_eq!(days[7].revenue, Money::from_cents(300));
        let total: Money = days.iter().map(|d| d.revenue).sum();
        assert_eq!(total, Money::from_cents(2300));
    }

    #[test]
    fn one_big_day_reaches_the_top_tick_and_the_others_stay_flat() {
        let chart = SalesChart::build(
            day("2026-11-23"),
            &[(at("2026-11-12", 10), 100_000), (at("2026-11-20", 10), 100)],
        );

        let big = &chart.bars[18];
        assert_eq!(big.day.date, day("2026-11-12"));
        assert!(big.height > 0.0);
        assert_eq!(big.y, chart.ticks.last().expect("a top tick").y);
        assert!(chart.bars[26].height > 0.0 && chart.bars[26].height < 2.0);
        assert_eq!(chart.bars[0].height, 0.0);
        assert_eq!(
            chart.summary(),
            "Sales over the last 30 days: €1001.00 in total, best day 12 Nov with €1000.00."
        );
    }
}
