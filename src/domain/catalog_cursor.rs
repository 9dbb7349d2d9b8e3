//! `CatalogCursor`: where the next page of a catalog list starts, for keyset pagination.
//!
//! Paging with `OFFSET` makes the database read and throw away every earlier row, and a
//! product added or removed meanwhile shifts the pages (a product seen twice, or never).
//! A cursor instead names the last row a page showed, by its sort key and id; the next page
//! asks for the rows after it in the same order (`models::product_keyset`). The id breaks
//! ties between products with the same name or price, so no row is skipped or repeated.
//!
//! Clients see the cursor as an opaque string: base64url of `sort`, id and key, one per line.
//! It is parsed like any other input, never trusted.
//!
//! `api::products` makes and reads cursors; nothing here touches the database.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::domain::ProductSort;

/// The longest cursor accepted. The longest real one holds a name of 120 four-byte
/// characters (480 bytes) with the sort and the id, about 660 characters in base64.
const MAX_CURSOR_CHARS: usize = 1024;

/// The last row of a page, in the terms of the page's sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogCursor {
    /// After this name (and id), for `ProductSort::Name`.
    Name {
        /// The last row's name, compared as the database sorts text.
        name: String,
        /// The last row's id, which breaks ties between equal names.
        id: i32,
    },
    /// After this price (and id), for both price orders.
    Price {
        /// The last row's price in cents.
        cents: i64,
        /// The last row's id, which breaks ties between equal prices.
        id: i32,
    },
    /// After this id, for `ProductSort::Newest`.
    Id {
        /// The last row's id; newer products have higher ids.
        id: i32,
    },
}

impl CatalogCursor {
    /// The cursor after a row with this id, name and price, for `sort`.
    pub fn after(sort: ProductSort, id: i32, name: &str, price_cents: i64) -> CatalogCursor {
        match sort {
            ProductSort::Name => CatalogCursor::Name {
                name: name.to_string(),
                id,
            },
            ProductSort::PriceLowToHigh | ProductSort::PriceHighToLow => CatalogCursor::Price {
                cents: price_cents,
                id,
            },
            ProductSort::Newest => CatalogCursor::Id { id },
        }
    }

    /// The opaque text handed to clients; `sort` is written in, so a cursor cannot be used
    /// with another order than the one it came from.
    pub fn encode(&self, sort: ProductSort) -> String {
        let text = match self {
            CatalogCursor::Name { name, id } => format!("{}\n{id}\n{name}", sort.param()),
            CatalogCursor::Price { cents, id } => format!("{}\n{id}\n{cents}", sort.param()),
            CatalogCursor::Id { id } => format!("{}\n{id}\n", sort.param()),
        };
        URL_SAFE_NO_PAD.encode(text)
    }

    /// Reads a cursor made by `encode` for the same `sort`.
    pub fn parse(input: &str, sort: ProductSort) -> Result<CatalogCursor, String> {
        let invalid = || "This cursor is not one this list gave out.".to_string();
        if input.len() > MAX_CURSOR_CHARS {
            return Err(invalid());
        }
        let bytes = URL_SAFE_NO_PAD.decode(input).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.splitn(3, '\n');
        let (Some(sort_param), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        if sort_param != sort.param() {
            return Err("This cursor belongs to another sort order.".to_string());
        }
        let id: i32 = id.parse().map_err(|_| invalid())?;
        match sort {
            ProductSort::Name => Ok(CatalogCursor::Name {
                name: key.to_string(),
                id,
            }),
            ProductSort::PriceLowToHigh | ProductSort::PriceHighToLow => Ok(CatalogCursor::Price {
                cents: key.parse().map_err(|_| invalid())?,
                id,
            }),
            ProductSort::Newest if key.is_empty() => Ok(CatalogCursor::Id { id }),
            ProductSort::Newest => Err(invalid()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was_written_for_every_sort() {
        for sort in ProductSort::ALL {
            let cursor = CatalogCursor::after(sort, 42, "Mug\nwith a newline", 1250);

            let text = cursor.encode(sort);

            assert_eq!(CatalogCursor::parse(&text, sort), Ok(cursor), "{sort:?}");
        }
    }

    #[test]
    fn a_cursor_is_refused_with_another_sort_or_when_it_is_garbage() {
        let text = CatalogCursor::after(ProductSort::Name, 1, "Mug", 100).encode(ProductSort::Name);

        assert!(CatalogCursor::parse(&text, ProductSort::Newest).is_err());
        assert!(CatalogCursor::parse("not base64!", ProductSort::Name).is_err());
        assert!(CatalogCursor::parse("", ProductSort::Name).is_err());
        let wrong_price = URL_SAFE_NO_PAD.encode("price\n1\ncheap");
        assert!(CatalogCursor::parse(&wrong_price, ProductSort::PriceLowToHigh).is_err());
    }
}
