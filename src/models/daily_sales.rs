//! The `daily_sales` table: the sales of each closed UTC day (number of orders and revenue),
//! written by the nightly `sales-totals` job and read by the dashboard's chart.
//!
//! The chart used to add up every sale of the last 30 days on each visit. Now closed days
//! come from here, one row each, and only the days the job has not summed yet (today, and
//! any day since the last run) are read from `orders` (`chart_sales`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::models::sales_report;
use crate::schema::daily_sales;

/// One closed day's sales.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = daily_sales)]
pub struct DailySales {
    /// The UTC day (the primary key).
    pub day: NaiveDate,
    /// How many sales that day (orders that count as sold; see `models::sales_report`).
    pub orders: i64,
    /// Their total, in cents.
    pub revenue_cents: i64,
}

impl DailySales {
    /// Adds up the sales of each day from `first` up to (not including) `end` again and
    /// replaces those days' rows, in one write transaction. Days without sales get a row of
    /// zeros, so "summed, nothing sold" differs from "not summed yet". Returns the days
    /// written.
    pub fn recompute(conn: &mut DbConn, first: NaiveDate, end: NaiveDate) -> QueryResult<usize> {
        let sales = sales_report::sale_totals_between(conn, midnight(first), midnight(end))?;
        let rows = sum_by_day(first, end, &sales);
        db::write_transaction(conn, |conn| {
            diesel::delete(
                daily_sales::table
                    .filter(daily_sales::day.ge(first))
                    .filter(daily_sales::day.lt(end)),
            )
            .execute(conn)?;
            // One INSERT per day: Diesel cannot send a multi-row INSERT through a connection
            // that may be either database, and a week is seven short statements.
            for row in &rows {
                diesel::insert_into(daily_sales::table)
                    .values(row)
                    .execute(conn)?;
            }
            Ok(rows.len())
        })
    }

    /// The rows of the days from `first` up to (not including) `end`, oldest first.
    pub fn between(
        conn: &mut DbConn,
        first: NaiveDate,
        end: NaiveDate,
    ) -> QueryResult<Vec<DailySales>> {
        daily_sales::table
            .filter(daily_sales::day.ge(first))
            .filter(daily_sales::day.lt(end))
            .order(daily_sales::day)
            .select(DailySales::as_select())
            .load(conn)
    }
}

/// The (placed at, total in cents) pairs the dashboard's chart needs from `first` to now:
/// closed days summed by the `sales-totals` job as one pair per day, the rest (today, and
/// any day the job has not summed yet) from the orders themselves. Two queries, however many
/// orders there are.
pub fn chart_sales(
    conn: &mut DbConn,
    first: NaiveDate,
    today: NaiveDate,
) -> QueryResult<Vec<(NaiveDateTime, i64)>> {
    let summed = DailySales::between(conn, first, today)?;
    let live_from = first_unsummed_day(first, today, &summed);
    let mut sales: Vec<(NaiveDateTime, i64)> = summed
        .iter()
        .filter(|row| row.day < live_from)
        .map(|row| (midnight(row.day), row.revenue_cents))
        .collect();
    sales.extend(sales_report::sale_totals_since(conn, midnight(live_from))?);
    Ok(sales)
}

/// The first day from `first` on that has no row in `summed` (today at the latest): from
/// there on, sales are read from the orders.
fn first_unsummed_day(first: NaiveDate, today: NaiveDate, summed: &[DailySales]) -> NaiveDate {
    first
        .iter_days()
        .take_while(|day| *day < today)
        .find(|day| !summed.iter().any(|row| row.day == *day))
        .unwrap_or(today)
}

/// One row per day from `first` up to (not including) `end`: how many sales and their sum.
fn sum_by_day(first: NaiveDate, end: NaiveDate, sales: &[(NaiveDateTime, i64)]) -> Vec<DailySales> {
    let mut days: BTreeMap<NaiveDate, (i64, i64)> = first
        .iter_days()
        .take_while(|day| *day < end)
        .map(|day| (day, (0, 0)))
        .collect();
    for (placed_at, cents) in sales {
        if let Some((orders, revenue)) = days.get_mut(&placed_at.date()) {
            *orders += 1;
            *revenue += cents;
        }
    }
    days.into_iter()
        .map(|(day, (orders, revenue_cents))| DailySales {
            day,
            orders,
            revenue_cents,
        })
        .collect()
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).expect("a date")
    }

    fn row(day: NaiveDate) -> DailySales {
        DailySales {
            day,
            orders: 1,
            revenue_cents: 100,
        }
    }

    #[test]
    fn sales_are_summed_per_day_and_empty_days_are_zero() {
        let sales = [
            (midnight(day(20)), 500),
            (midnight(day(20)) + Duration::hours(23), 250),
            (midnight(day(22)), 100),
        ];
        let rows = sum_by_day(day(20), day(23), &sales);
        assert_eq!(
            rows.iter()
                .map(|r| (r.day, r.orders, r.revenue_cents))
                .collect::<Vec<_>>(),
            vec![(day(20), 2, 750), (day(21), 0, 0), (day(22), 1, 100)]
        );
    }

    #[test]
    fn sales_outside_the_days_are_left_out() {
        let rows = sum_by_day(day(20), day(21), &[(midnight(day(21)), 500)]);
        assert_eq!(
            rows,
            vec![DailySales {
                day: day(20),
                orders: 0,
                revenue_cents: 0
            }]
        );
    }

    fn days_before(day: NaiveDate, n: i64) -> NaiveDate {
        day - Duration::days(n)
    }

    #[test]
    fn the_chart_reads_orders_from_the_first_day_not_yet_summed() {
        let summed = [row(day(10)), row(day(11)), row(day(13))];
        assert_eq!(first_unsummed_day(day(10), day(20), &summed), day(12));
    }

    #[test]
    fn when_every_closed_day_is_summed_only_today_is_read_live() {
        let today = day(20);
        let summed: Vec<DailySales> = (1..=3).map(|n| row(days_before(today, n))).collect();
        assert_eq!(
            first_unsummed_day(days_before(today, 3), today, &summed),
            today
        );
    }
}
