//! When a job runs: every so often, or once a day at a time of day (UTC).
//!
//! A schedule only answers "when is the next run after this moment?". The job's row in the
//! `jobs` table keeps that answer (`next_run_at`), so every instance agrees on it and a
//! restart does not reset it.
//!
//! Each job in `jobs::all()` names its schedule; `jobs::run` asks it for the next run after
//! each run and `models::JobState` stores the answer. Nothing here touches the database.

use chrono::{Duration, NaiveDateTime, NaiveTime};

/// How often a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Again this many seconds after the previous run started (`Every(60)`: every minute).
    Every(i64),
    /// Once a day, at this time of day in UTC. Nights are quiet, so a heavy job goes there.
    DailyAt(NaiveTime),
}

/// One minute, for `Schedule::Every`.
pub const MINUTE: i64 = 60;
/// One hour, for `Schedule::Every`.
pub const HOUR: i64 = 60 * MINUTE;

impl Schedule {
    /// Daily at `hour:minute` UTC; an impossible time (25:00) falls back to midnight.
    pub fn daily_at(hour: u32, minute: u32) -> Schedule {
        Schedule::DailyAt(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
    }

    /// When a job that has never run is first due: at once for an interval (a new shop
    /// tidies up straight away), at the next chosen time for a daily job.
    pub fn first_run(self, now: NaiveDateTime) -> NaiveDateTime {
        match self {
            Schedule::Every(_) => now,
            Schedule::DailyAt(_) => self.next_after(now),
        }
    }

    /// The next run after one that started at `now`.
    pub fn next_after(self, now: NaiveDateTime) -> NaiveDateTime {
        match self {
            Schedule::Every(seconds) => now + Duration::seconds(seconds.max(1)),
            Schedule::DailyAt(time) => {
                let today = now.date().and_time(time);
                if today > now {
                    today
                } else {
                    today + Duration::days(1)
                }
            }
        }
    }

    /// The schedule in words, for `cartwheel jobs list` and the admin's job page.
    pub fn describe(self) -> String {
        match self {
            Schedule::Every(MINUTE) => "every minute".into(),
            Schedule::Every(HOUR) => "every hour".into(),
            Schedule::Every(seconds) => format!("every {seconds} seconds"),
            Schedule::DailyAt(time) => format!("daily at {} UTC", time.format("%H:%M")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|day| day.and_hms_opt(hour, minute, 0))
            .expect("a valid time")
    }

    #[test]
    fn an_interval_job_runs_again_one_interval_later() {
        assert_eq!(Schedule::Every(MINUTE).next_after(at(10, 0)), at(10, 1));
    }

    #[test]
    fn a_new_interval_job_is_due_at_once() {
        assert_eq!(Schedule::Every(HOUR).first_run(at(10, 0)), at(10, 0));
    }

    #[test]
    fn a_daily_job_runs_later_today_when_its_time_is_still_ahead() {
        assert_eq!(Schedule::daily_at(13, 30).next_after(at(10, 0)), at(13, 30));
    }

    #[test]
    fn a_daily_job_whose_time_has_passed_runs_tomorrow() {
        let next = Schedule::daily_at(3, 0).next_after(at(3, 0));
        assert_eq!(next, at(3, 0) + Duration::days(1));
    }

    #[test]
    fn schedules_are_described_in_words() {
        assert_eq!(Schedule::Every(MINUTE).describe(), "every minute");
        assert_eq!(Schedule::Every(HOUR).describe(), "every hour");
        assert_eq!(Schedule::daily_at(3, 5).describe(), "daily at 03:05 UTC");
    }
}
