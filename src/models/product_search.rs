//! Full-text search of the catalog, used by `Product::search` (`product_catalog.rs`) when the
//! shopper typed something and by `product_keyset` for the API: SQLite's FTS5 table
//! `products_search`, or PostgreSQL's GIN index on the words of name and description (both
//! made by the migration `catalog_indexes_and_search`).
//!
//! The two databases spell full-text search differently, so this is one of the few places
//! with SQL written out per database. Both find the products whose name or description has
//! every search word, stemmed ("mugs" finds "Mug"), in any case.
//!
//! Why it stays fast as the catalog grows: with "newest first" (the default for a search)
//! SQLite walks the index from the newest match down and stops after one page, and the count
//! stops at `SEARCH_COUNT_CAP` ("More than 1,000 products"), like most shops show it.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::DbConn;
use crate::domain::{CatalogCursor, ProductSort};
use crate::models::{KeysetQuery, ProductCard, ProductListing};

/// A search counts its matches up to this many and then says "more than".
pub const SEARCH_COUNT_CAP: i64 = 1000;
/// The longest search text we look at; the rest is ignored.
const MAX_SEARCH_CHARS: usize = 100;
/// The most search words we match (each adds a condition to the query).
const MAX_SEARCH_WORDS: usize = 5;

/// Splits what a shopper typed into at most `MAX_SEARCH_WORDS` words (the catalog page and
/// the API both search with these).
pub fn search_words(text: &str) -> Vec<String> {
    let text: String = text.chars().take(MAX_SEARCH_CHARS).collect();
    // `SearchTerms` turns the words into full-text search terms.
    text.split_whitespace()
        .take(MAX_SEARCH_WORDS)
        .map(str::to_string)
        .collect()
}

/// The words of a search, as the full-text index sees them: runs of letters and digits,
/// lower-cased ("Pour-over" is "pour" and "over"). Cutting out everything else also keeps
/// the search syntax of either database out of what a shopper types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    /// The terms of the words, or `None` when they hold no letter or digit at all.
    pub fn from_words(words: &[String]) -> Option<SearchTerms> {
        let tokens: Vec<String> = words
            .iter()
            .flat_map(|word| word.split(|c: char| !c.is_alphanumeric()))
            .filter(|token| !token.is_empty())
            .map(str::to_lowercase)
            .collect();
        (!tokens.is_empty()).then_some(SearchTerms(tokens))
    }

    /// FTS5 query syntax: each term quoted, spaces meaning "and".
    fn for_sqlite(&self) -> String {
        let quoted: Vec<String> = self.0.iter().map(|term| format!("\"{term}\"")).collect();
        quoted.join(" ")
    }

    /// tsquery syntax: `&` means "and".
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    fn for_postgres(&self) -> String {
        self.0.join(" & ")
    }
}

/// One page of the active products matching `terms`, in the category if one is given.
pub fn page(
    conn: &mut DbConn,
    terms: &SearchTerms,
    category_id: Option<i32>,
    sort: ProductSort,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<ProductCard>> {
    // The SQL is put together from fixed pieces only; everything the shopper sent is a
    // bound value.
    match conn {
        DbConn::Sqlite(conn) => diesel::sql_query(SELECT_CARDS)
            .sql(SQLITE_MATCHES)
            .sql(" ORDER BY ")
            .sql(sqlite_order(sort))
            .sql(" LIMIT ?3 OFFSET ?4")
            .bind::<Text, _>(terms.for_sqlite())
            .bind::<Nullable<Integer>, _>(category_id)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(conn),
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => diesel::sql_query(SELECT_CARDS)
            .sql(POSTGRES_MATCHES)
            .sql(" ORDER BY ")
            .sql(postgres_order(sort))
            .sql(" LIMIT $3 OFFSET $4")
            .bind::<Text, _>(terms.for_postgres())
            .bind::<Nullable<Integer>, _>(category_id)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(conn),
    }
}

/// The API's page of matches by cursor (see `product_keyset`): the same matches and order as
/// `page`, starting after `query.after` instead of at an offset.
///
/// Every query binds the same six values (terms, category, name, price, id, limit); the
/// condition for the cursor uses the ones its sort needs, and the others stay NULL.
pub fn keyset_page(
    conn: &mut DbConn,
    terms: &SearchTerms,
    query: &KeysetQuery,
) -> QueryResult<Vec<ProductListing>> {
    let (name, cents, id) = match query.after.clone() {
        None => (None, None, None),
        Some(CatalogCursor::Name { name, id }) => (Some(name), None, Some(id)),
        Some(CatalogCursor::Price { cents, id }) => (None, Some(cents), Some(id)),
        Some(CatalogCursor::Id { id }) => (None, None, Some(id)),
    };
    let after = match query.after {
        Some(_) => after_condition(query.sort),
        None => "",
    };
    match conn {
        DbConn::Sqlite(conn) => diesel::sql_query(SELECT_LISTINGS)
            .sql(SQLITE_MATCHES)
            .sql(after)
            .sql(" ORDER BY ")
            .sql(sqlite_order(query.sort))
            .sql(" LIMIT ?6")
            .bind::<Text, _>(terms.for_sqlite())
            .bind::<Nullable<Integer>, _>(query.category_id)
            .bind::<Nullable<Text>, _>(name)
            .bind::<Nullable<BigInt>, _>(cents)
            .bind::<Nullable<Integer>, _>(id)
            .bind::<BigInt, _>(query.limit)
            .load(conn),
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => diesel::sql_query(SELECT_LISTINGS)
            .sql(POSTGRES_MATCHES)
            .sql(after.replace('?', "$"))
            .sql(" ORDER BY ")
            .sql(postgres_order(query.sort))
            .sql(" LIMIT $6")
            .bind::<Text, _>(terms.for_postgres())
            .bind::<Nullable<Integer>, _>(query.category_id)
            .bind::<Nullable<Text>, _>(name)
            .bind::<Nullable<BigInt>, _>(cents)
            .bind::<Nullable<Integer>, _>(id)
            .bind::<BigInt, _>(query.limit)
            .load(conn),
    }
}

/// The rows after the cursor, in each order (written with `?n`; PostgreSQL's `$n` is made by
/// replacing the question marks): `?3` is the name, `?4` the price, `?5` the id.
fn after_condition(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Name => " AND (p.name > ?3 OR (p.name = ?3 AND p.id > ?5))",
        ProductSort::PriceLowToHigh => {
            " AND (p.price_cents > ?4 OR (p.price_cents = ?4 AND p.id > ?5))"
        }
        ProductSort::PriceHighToLow => {
            " AND (p.price_cents < ?4 OR (p.price_cents = ?4 AND p.id < ?5))"
        }
        ProductSort::Newest => " AND p.id < ?5",
    }
}

/// How many active products match, counting no further than `SEARCH_COUNT_CAP + 1`.
pub fn count(conn: &mut DbConn, terms: &SearchTerms, category_id: Option<i32>) -> QueryResult<i64> {
    let rows: Vec<Count> = match conn {
        // Only active products are in the index: without a category it answers alone.
        DbConn::Sqlite(conn) if category_id.is_none() => diesel::sql_query(
            "SELECT count(*) AS count FROM (SELECT 1 FROM products_search \
             WHERE products_search MATCH ?1 LIMIT ?2)",
        )
        .bind::<Text, _>(terms.for_sqlite())
        .bind::<BigInt, _>(SEARCH_COUNT_CAP + 1)
        .load(conn)?,
        DbConn::Sqlite(conn) => diesel::sql_query(COUNT_MATCHES)
            .sql(SQLITE_MATCHES)
            .sql(" LIMIT ?3) AS matches")
            .bind::<Text, _>(terms.for_sqlite())
            .bind::<Nullable<Integer>, _>(category_id)
            .bind::<BigInt, _>(SEARCH_COUNT_CAP + 1)
            .load(conn)?,
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => diesel::sql_query(COUNT_MATCHES)
            .sql(POSTGRES_MATCHES)
            .sql(" LIMIT $3) AS matches")
            .bind::<Text, _>(terms.for_postgres())
            .bind::<Nullable<Integer>, _>(category_id)
            .bind::<BigInt, _>(SEARCH_COUNT_CAP + 1)
            .load(conn)?,
    };
    Ok(rows.first().map_or(0, |row| row.count))
}

/// The start of a page query: the columns of a `ProductCard`.
const SELECT_CARDS: &str = "SELECT p.slug, p.name, p.price_cents, p.stock, p.image_path";

/// The start of a page query for the API: the columns of a `ProductListing`.
const SELECT_LISTINGS: &str =
    "SELECT p.id, p.slug, p.name, p.price_cents, p.stock, p.category_id, p.image_path";

/// The start of a count: it counts the rows of the match query that follows it.
const COUNT_MATCHES: &str = "SELECT count(*) AS count FROM (SELECT 1";

/// SQLite: the index gives the ids of matching products (`rowid`), newest last; each is
/// looked up in `products` by its primary key. `?1` is the terms, `?2` the category or NULL.
const SQLITE_MATCHES: &str = " FROM products_search \
     JOIN products p ON p.id = products_search.rowid \
     WHERE products_search MATCH ?1 AND p.active AND (?2 IS NULL OR p.category_id = ?2)";

/// PostgreSQL: the condition repeats the GIN index's expression exactly, so the index is
/// used. `$1` is the terms, `$2` the category or NULL.
#[cfg(feature = "postgres")]
const POSTGRES_MATCHES: &str = " FROM products p \
     WHERE to_tsvector('english', p.name || ' ' || p.description) \
     @@ to_tsquery('english', $1) \
     AND p.active AND ($2::integer IS NULL OR p.category_id = $2)";

/// ORDER BY for SQLite. "Newest first" follows the index's own order, so the query stops
/// after one page instead of sorting every match.
fn sqlite_order(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Newest => "products_search.rowid DESC",
        other => common_order(other),
    }
}

/// ORDER BY for PostgreSQL.
#[cfg(feature = "postgres")]
fn postgres_order(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Newest => "p.id DESC",
        other => common_order(other),
    }
}

fn common_order(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Name => "p.name, p.id",
        ProductSort::PriceLowToHigh => "p.price_cents, p.id",
        ProductSort::PriceHighToLow => "p.price_cents DESC, p.id DESC",
        ProductSort::Newest => "p.id DESC",
    }
}

/// The one row of a `count(*)`.
#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn terms_are_the_lower_cased_runs_of_letters_and_digits() {
        let terms = SearchTerms::from_words(&words("Pour-Over  MUG 2 Ü%_\"*")).expect("terms");
        assert_eq!(terms.0, ["pour", "over", "mug", "2", "ü"]);
        assert_eq!(SearchTerms::from_words(&words("%_ \"* :& -")), None);
        assert_eq!(SearchTerms::from_words(&[]), None);
    }

    #[test]
    fn search_text_is_split_into_a_few_words() {
        assert_eq!(search_words("  Blue   MUG "), vec!["Blue", "MUG"]);
        assert_eq!(search_words("a b c d e f g").len(), MAX_SEARCH_WORDS);
    }

    #[test]
    fn each_database_gets_every_term_as_one_that_must_match() {
        let terms = SearchTerms::from_words(&words("blue mug")).expect("terms");
        assert_eq!(terms.for_sqlite(), "\"blue\" \"mug\"");
        assert_eq!(terms.for_postgres(), "blue & mug");
    }
}
