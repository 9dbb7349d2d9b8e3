//! `SalesChart`: the dashboard's bar chart of revenue per day, worked out as plain numbers.
//!
//! The chart is drawn by the template `partials/_sales_chart.html` as inline SVG, with no
//! chart library and no JavaScript. Everything it needs is computed here, where it can be
//! unit-tested: which day each sale belongs to, a scale with round money ticks, and where
//! every bar, tick and date label goes. The model (`models::sales_report`) only fetches the
//! sales; nothing here knows about the database or the web.
//!
//! Coordinates are in the SVG's own units (its `viewBox`), not pixels: the browser scales
//! the whole drawing to the width it has, from a phone to a desktop.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::{Money, group_thousands};

/// How many days the chart covers, today included.
pub const CHART_DAYS: usize = 30;

/// The drawing's width in SVG units (see `SalesChart::view_box`). Small enough that its
/// text stays readable when a phone shrinks the drawing to its screen.
const CHART_WIDTH: f64 = 360.0;
/// The drawing's height in SVG units.
const CHART_HEIGHT: f64 = 190.0;
/// Room left of the bars for the money labels, and below them for the dates.
const PLOT_LEFT: f64 = 48.0;
const PLOT_RIGHT: f64 = CHART_WIDTH - 6.0;
const PLOT_TOP: f64 = 10.0;
const PLOT_BOTTOM: f64 = CHART_HEIGHT - 24.0;
/// The gap between two bars, as a share of each day's slot.
const BAR_GAP: f64 = 0.25;
/// About how many steps the money axis is cut into.
const TARGET_STEPS: i64 = 4;
/// The smallest step between two ticks: one whole euro, so labels never show cents.
const MIN_STEP_CENTS: i64 = 100;
/// Every how many days a date is written under the bars.
const DATE_LABEL_EVERY: usize = 7;
/// Half the width of a date label, so one at the edge is not cut off.
const DATE_LABEL_HALF_WIDTH: f64 = 22.0;

/// The revenue of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySales {
    pub date: NaiveDate,
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
    pub day: DaySales,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A line across the chart at a round amount, with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub y: f64,
    /// The label's baseline, a little below the line so the text sits centred on it.
    pub label_y: f64,
    pub label: String,
}

/// A date written under the bars; `x` is the middle of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateLabel {
    pub x: f64,
    pub text: String,
}

/// Everything the template needs to draw the chart and its table.
#[derive(Debug, Clone)]
pub struct SalesChart {
    pub days: Vec<DaySales>,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub date_labels: Vec<DateLabel>,
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
        let ticks = nice_ticks(days.iter().map(|d| d.revenue.cents()).max().unwrap_or(0));
        let top = ticks.last().copied().unwrap_or(MIN_STEP_CENTS);
        let best_day = days.iter().filter(|d| d.revenue.cents() > 0).fold(
            None,
            |best: Option<DaySales>, day| match best {
                Some(b) if b.revenue >= day.revenue => Some(b),
                _ => Some(*day),
            },
        );
        SalesChart {
            bars: bars(&days, top),
            ticks: ticks
                .iter()
                .map(|&cents| {
                    let y = round(y_of(cents, top));
                    Tick {
                        y,
                        label_y: y + 4.0,
                        label: axis_label(cents),
                    }
                })
                .collect(),
            date_labels: date_labels(&days),
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

    /// The SVG's `viewBox`: the drawing's own coordinates, scaled to fit any width.
    pub fn view_box(&self) -> String {
        format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")
    }

    /// Where the bars stand (the x axis line).
    pub fn baseline(&self) -> f64 {
        PLOT_BOTTOM
    }

    /// Where the axis starts and ends, left to right.
    pub fn plot_left(&self) -> f64 {
        PLOT_LEFT
    }

    /// See `plot_left`.
    pub fn plot_right(&self) -> f64 {
        PLOT_RIGHT
    }

    /// Where the money labels end, just left of the axis.
    pub fn tick_label_x(&self) -> f64 {
        PLOT_LEFT - 6.0
    }

    /// Where the date labels sit (their baseline).
    pub fn date_label_y(&self) -> f64 {
        CHART_HEIGHT - 6.0
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

/// The money axis: 0, then equal round steps (1, 2 or 5 times a power of ten, at least one
/// euro) up to the first one at or above `max_cents`. Always at least two ticks.
pub fn nice_ticks(max_cents: i64) -> Vec<i64> {
    let step = nice_step(max_cents);
    let steps = ((max_cents.max(1) + step - 1) / step).max(1);
    (0..=steps).map(|i| i * step).collect()
}

/// The smallest round step that cuts `max_cents` into at most `TARGET_STEPS` steps.
fn nice_step(max_cents: i64) -> i64 {
    let wanted = (max_cents + TARGET_STEPS - 1) / TARGET_STEPS;
    let mut magnitude = MIN_STEP_CENTS;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * magnitude;
            if step >= wanted {
                return step;
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// A tick's label in whole euros with thousands separated, such as "€1,500".
fn axis_label(cents: i64) -> String {
    let euros = group_thousands(cents / 100);
    format!("{}{euros}", crate::domain::money::CURRENCY_SYMBOL)
}

/// One bar per day, scaled so that `top` reaches the top of the plot.
fn bars(days: &[DaySales], top: i64) -> Vec<Bar> {
    let slot = slot_width(days.len());
    days.iter()
        .enumerate()
        .map(|(i, day)| {
            let y = y_of(day.revenue.cents(), top);
            Bar {
                day: *day,
                x: round(PLOT_LEFT + slot * (i as f64 + BAR_GAP / 2.0)),
                y: round(y),
                width: round(slot * (1.0 - BAR_GAP)),
                height: round(PLOT_BOTTOM - y),
            }
        })
        .collect()
}

/// A date under every `DATE_LABEL_EVERY`th bar, counted back from today, so today always
/// has one.
fn date_labels(days: &[DaySales]) -> Vec<DateLabel> {
    let slot = slot_width(days.len());
    days.iter()
        .enumerate()
        .filter(|(i, _)| (days.len() - 1 - i).is_multiple_of(DATE_LABEL_EVERY))
        .map(|(i, day)| {
            let centre = PLOT_LEFT + slot * (i as f64 + 0.5);
            DateLabel {
                x: round(centre.clamp(
                    PLOT_LEFT + DATE_LABEL_HALF_WIDTH,
                    CHART_WIDTH - DATE_LABEL_HALF_WIDTH,
                )),
                text: day.short_date(),
            }
        })
        .collect()
}

fn slot_width(days: usize) -> f64 {
    (PLOT_RIGHT - PLOT_LEFT) / days.max(1) as f64
}

/// The height in the drawing of an amount, on a scale from 0 (bottom) to `top`.
fn y_of(cents: i64, top: i64) -> f64 {
    let share = cents.clamp(0, top) as f64 / top.max(1) as f64;
    PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)
}

/// One decimal is finer than any screen shows, and keeps the SVG short.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
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

    #[test]
    fn ticks_are_round_amounts_that_cover_the_highest_day() {
        for (max, expected) in [
            (0, vec![0, 100]),
            (1, vec![0, 100]),
            (2500, vec![0, 1000, 2000, 3000]),
            (123_400, vec![0, 50_000, 100_000, 150_000]),
            (100_000, vec![0, 50_000, 100_000]),
        ] {
            assert_eq!(nice_ticks(max), expected, "max {max}");
        }
        for max in [1, 99, 101, 777, 9_999, 12_345, 1_000_001, 987_654_321] {
            let ticks = nice_ticks(max);
            let step = ticks[1];
            assert!(*ticks.last().expect("ticks") >= max, "max {max}");
            assert!(ticks.len() <= 6, "max {max}: {ticks:?}");
            assert_eq!(step % 100, 0, "whole euros for {max}");
            let leading = step / 10i64.pow(step.ilog10());
            assert!([1, 2, 5].contains(&leading), "round step {step} for {max}");
        }
    }

    #[test]
    fn axis_labels_group_thousands() {
        assert_eq!(axis_label(0), "€0");
        assert_eq!(axis_label(150_000), "€1,500");
        assert_eq!(axis_label(100_000_000), "€1,000,000");
    }

    #[test]
    fn bars_and_labels_stay_inside_the_drawing() {
        let chart = SalesChart::build(day("2026-11-23"), &[(at("2026-11-23", 1), 5000)]);

        for bar in &chart.bars {
            assert!(bar.x >= PLOT_LEFT && bar.x + bar.width <= PLOT_RIGHT + 0.1);
            assert!(bar.y >= PLOT_TOP && bar.y + bar.height <= PLOT_BOTTOM + 0.1);
        }
        let texts: Vec<_> = chart.date_labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov"]);
        assert!(
            chart
                .date_labels
                .iter()
                .all(|l| l.x <= CHART_WIDTH - DATE_LABEL_HALF_WIDTH)
        );
    }
}
