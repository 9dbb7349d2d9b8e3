//! Where everything of the sales chart goes in the SVG drawing: the size of the drawing and
//! its plot, the money axis (round ticks and their labels), and each day's bar and date.
//!
//! `SalesChart::build` (in `sales_chart.rs`, which holds the chart's types and the sums per
//! day) calls `ticks`, `bars` and `date_labels`; the template
//! `partials/_sales_chart.html` reads the positions through `SalesChart`'s methods below.
//! All numbers are SVG units of the `viewBox`, not pixels.

use super::{Bar, DateLabel, DaySales, SalesChart, Tick};
use crate::domain::group_thousands;

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

impl SalesChart {
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

/// The money axis's ticks for a highest day of `max_cents`, placed and labelled, and the
/// amount of the top one, which the tallest bar may reach.
pub(super) fn ticks(max_cents: i64) -> (Vec<Tick>, i64) {
    let amounts = nice_ticks(max_cents);
    let top = amounts.last().copied().unwrap_or(MIN_STEP_CENTS);
    let ticks = amounts
        .iter()
        .map(|&cents| {
            let y = round(y_of(cents, top));
            Tick {
                y,
                label_y: y + 4.0,
                label: axis_label(cents),
            }
        })
        .collect();
    (ticks, top)
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
pub(super) fn bars(days: &[DaySales], top: i64) -> Vec<Bar> {
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
pub(super) fn date_labels(days: &[DaySales]) -> Vec<DateLabel> {
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
    use chrono::NaiveDate;

    use super::*;

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
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        let one_sale = [(today.and_hms_opt(1, 0, 0).expect("a time"), 5000)];
        let chart = SalesChart::build(today, &one_sale);

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
