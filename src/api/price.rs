//! `Price`: how the API writes an amount of money, as integer cents (for programs to compute
//! with, never a float) and as the shop shows it (for people), from `domain::Money`.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Money;

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Price {
    /// The amount in cents (the shop has one currency).
    #[schema(example = 1250)]
    pub cents: i64,
    /// The amount as the shop's pages show it.
    #[schema(example = "€12.50")]
    pub formatted: String,
}

impl From<Money> for Price {
    fn from(money: Money) -> Price {
        Price {
            cents: money.cents(),
            formatted: money.to_string(),
        }
    }
}
