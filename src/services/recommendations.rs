//! "Customers who bought this also bought": recommendations from what customers bought
//! together, with the category's best sellers (then its other products) to fill the gaps.
//!
//! The pairs are counted by the `recommendations` job (`recompute`, listed in `jobs::all()`)
//! into `product_pairs`; the pages only read them (`bought_with`), so showing
//! recommendations costs one or two small indexed queries however many orders the shop has.
//! A pair is shown only once `CARTWHEEL_RECOMMENDATION_MIN_CUSTOMERS` different customers
//! bought both: below that, a recommendation could tell a visitor what one person bought.

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::models::{Category, PairedProduct, Product, ProductCard, ProductPair};

/// How many recommendations the product page and the cart show.
pub const RECOMMENDATIONS_SHOWN: usize = 4;

/// Pairs read per product asked about: a few more than shown, because pairs with products
/// already in the cart, or repeated across the cart's products, are dropped.
const PAIRS_READ: i64 = 4 * RECOMMENDATIONS_SHOWN as i64;

/// A product to recommend and why, as the card shows it.
#[derive(Debug, Clone)]
pub struct Recommendation {
    /// The product's card.
    pub product: ProductCard,
    /// "Bought together by 12 customers", "Popular in Kitchen" or "More in Kitchen".
    pub reason: String,
    /// Whether customers bought it together with the product(s) asked about (rather than
    /// it filling in from the category).
    pub bought_together: bool,
}

impl Recommendation {
    /// Whether this one comes from customers' baskets; the block's heading only claims
    /// "Customers who bought this also bought" when at least one does.
    pub fn is_bought_together(&self) -> bool {
        self.bought_together
    }
}

/// `recommendations` job: rewrites `product_pairs` from the sales (see
/// `ProductPair::recompute`); returns the rows written.
pub fn recompute(conn: &mut DbConn, _config: &Config, _now: NaiveDateTime) -> AppResult<u64> {
    Ok(ProductPair::recompute(conn)? as u64)
}

/// Up to `limit` recommendations for someone looking at the products `product_ids` (one
/// product on its page, several in a cart): products bought together with them by at least
/// `min_customers` customers, then best sellers of `category`, then the rest of `category`
/// (so even a shop with no sales shows something), never one of `product_ids`.
pub fn bought_with(
    conn: &mut DbConn,
    product_ids: &[i32],
    category: &Category,
    min_customers: i64,
    limit: usize,
) -> AppResult<Vec<Recommendation>> {
    let pairs = ProductPair::bought_with(conn, product_ids, min_customers, PAIRS_READ)?;
    let mut shown = strongest_pairs(pairs, limit);
    if shown.len() < limit {
        let mut excluded: Vec<i32> = product_ids.to_vec();
        excluded.extend(shown.iter().map(|pair| pair.0));
        let missing = (limit - shown.len()) as i64;
        let fill = ProductPair::category_best_sellers(conn, category.id, &excluded, missing)?;
        for (product, units_sold) in fill {
            let reason = category_reason(&category.name, units_sold);
            let bought_together = false;
            shown.push((
                0,
                Recommendation {
                    product,
                    reason,
                    bought_together,
                },
            ));
        }
    }
    Ok(shown.into_iter().map(|(_, rec)| rec).collect())
}

/// Recommendations for a cart holding `products`: pairs with any of them, then best
/// sellers of the first product's category; nothing already in the cart. Empty for an
/// empty cart.
pub fn for_cart(
    conn: &mut DbConn,
    products: &[&Product],
    min_customers: i64,
) -> AppResult<Vec<Recommendation>> {
    let Some(first) = products.first() else {
        return Ok(Vec::new());
    };
    let category = Category::find(conn, first.category_id)?;
    let ids: Vec<i32> = products.iter().map(|product| product.id).collect();
    bought_with(conn, &ids, &category, min_customers, RECOMMENDATIONS_SHOWN)
}

/// "You might like", for a logged-in customer: products bought together with what they
/// bought, by at least `min_customers` customers, leaving out what they bought already.
/// Empty for a customer with no sales yet (no fallback: the home page has its featured
/// products).
pub fn for_customer(
    conn: &mut DbConn,
    user_id: i32,
    min_customers: i64,
) -> AppResult<Vec<Recommendation>> {
    let bought = ProductPair::bought_by(conn, user_id)?;
    if bought.is_empty() {
        return Ok(Vec::new());
    }
    let pairs = ProductPair::bought_with(conn, &bought, min_customers, PAIRS_READ)?;
    let kept = strongest_pairs(pairs, RECOMMENDATIONS_SHOWN);
    Ok(kept.into_iter().map(|(_, rec)| rec).collect())
}

/// Keeps each product once (its strongest pair comes first, as the query orders them), up to
/// `limit`, with its id so the fallback can leave it out.
fn strongest_pairs(pairs: Vec<PairedProduct>, limit: usize) -> Vec<(i32, Recommendation)> {
    let mut kept: Vec<(i32, Recommendation)> = Vec::new();
    for pair in pairs {
        if kept.len() == limit || kept.iter().any(|(id, _)| *id == pair.id) {
            continue;
        }
        let reason = bought_together_by(pair.customers);
        kept.push((
            pair.id,
            Recommendation {
                product: pair.card,
                reason,
                bought_together: true,
            },
        ));
    }
    kept
}

/// The reason line of a pair: "Bought together by 12 customers" (a threshold of 1 is
/// allowed, hence the singular).
pub fn bought_together_by(customers: i64) -> String {
    match customers {
        1 => "Bought together by 1 customer".to_string(),
        n => format!("Bought together by {n} customers"),
    }
}

/// The reason line of a fallback: "Popular in Kitchen" for a product that has sold, "More
/// in Kitchen" for one that has not (calling it popular would not be true).
pub fn category_reason(category_name: &str, units_sold: i64) -> String {
    if units_sold > 0 {
        format!("Popular in {category_name}")
    } else {
        format!("More in {category_name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(bought_together_by(12), "Bought together by 12 customers");
        assert_eq!(bought_together_by(1), "Bought together by 1 customer");
        assert_eq!(category_reason("Kitchen", 3), "Popular in Kitchen");
        assert_eq!(category_reason("Kitchen", 0), "More in Kitchen");
    }
}
