//! Cart rules: adding and changing lines within the stock, and merging a visitor's anonymous
//! cart into their own cart when they log in.
//!
//! Called by the cart page (`routes::cart`), the API's cart (`api::cart`), `services::logins`
//! (the merge) and `services::checkout` and `layout` (`find_cart`); the queries are in
//! `models::cart`. Buying what is in the cart is `services::checkout`.

use crate::db::{self, DbConn};
use crate::domain::{CartQuantity, Quantity, quantity::MAX_QUANTITY};
use crate::error::{AppError, AppResult};
use crate::models::{Cart, CartItem, CartLine, Order, Product, now};

/// Checks that a cart may hold `wanted` units of `product`; the error's message explains why
/// not (`OutOfStock` when the stock is short, `Refused` otherwise).
pub fn check_quantity(product: &Product, wanted: i32) -> AppResult<()> {
    if !product.active {
        return Err(AppError::Refused(format!(
            "{} is no longer sold.",
            product.name
        )));
    }
    if product.stock == 0 {
        return Err(AppError::OutOfStock(format!(
            "{} is sold out.",
            product.name
        )));
    }
    if wanted > MAX_QUANTITY {
        return Err(AppError::Refused(format!(
            "You can have at most {MAX_QUANTITY} of {} in your cart.",
            product.name
        )));
    }
    if wanted > product.stock {
        return Err(AppError::OutOfStock(format!(
            "Only {} of {} left in stock.",
            product.stock, product.name
        )));
    }
    Ok(())
}

/// The visitor's cart, made if they have none (adding the first item creates it).
pub fn find_or_create_cart(
    conn: &mut DbConn,
    cart_id: Option<i32>,
    user_id: Option<i32>,
) -> AppResult<Cart> {
    match find_cart(conn, cart_id, user_id)? {
        Some(cart) => Ok(cart),
        None => Ok(Cart::create(conn, user_id)?),
    }
}

/// The visitor's cart: the one the session names, if they may use it, else (when logged in)
/// their own, which they may have filled from another browser.
pub fn find_cart(
    conn: &mut DbConn,
    cart_id: Option<i32>,
    user_id: Option<i32>,
) -> AppResult<Option<Cart>> {
    if let Some(cart_id) = cart_id
        && let Some(cart) = Cart::find_usable(conn, cart_id, user_id)?
    {
        return Ok(Some(cart));
    }
    match user_id {
        Some(user_id) => Ok(Cart::find_for_user(conn, user_id)?),
        None => Ok(None),
    }
}

/// Adds `quantity` units of a product to the visitor's cart (made if they have none yet), on
/// top of what is already there. Returns the cart and the product, for the session and the
/// confirmation message. Finding or making the cart is inside the same write transaction, so
/// a double click by a logged-in user cannot make two carts. A product that is not for sale
/// is answered like an unknown one (404), so hidden products stay hidden.
pub fn add_item(
    conn: &mut DbConn,
    cart_id: Option<i32>,
    user_id: Option<i32>,
    product_id: i32,
    quantity: Quantity,
) -> AppResult<(Cart, Product)> {
    db::write_transaction(conn, |conn| {
        lock_carts(conn, cart_id, user_id)?;
        let product = Product::find(conn, product_id)?;
        if !product.active {
            return Err(AppError::NotFound);
        }
        let cart = find_or_create_cart(conn, cart_id, user_id)?;
        let wanted = CartItem::quantity_in(conn, cart.id, product_id)? + quantity.get();
        check_quantity(&product, wanted)?;
        CartItem::set_quantity(conn, cart.id, product_id, wanted)?;
        Cart::touch(conn, cart.id, now())?;
        Ok((cart, product))
    })
}

/// Sets the quantity of a line already in the cart; 0 removes it. A product that is not in
/// the cart is answered with 404 (adding goes through `add_item`).
pub fn update_item(
    conn: &mut DbConn,
    cart_id: i32,
    product_id: i32,
    quantity: CartQuantity,
) -> AppResult<Product> {
    db::write_transaction(conn, |conn| {
        lock_carts(conn, Some(cart_id), None)?;
        if CartItem::quantity_in(conn, cart_id, product_id)? == 0 {
            return Err(AppError::NotFound);
        }
        let product = Product::find(conn, product_id)?;
        if quantity.get() == 0 {
            CartItem::remove(conn, cart_id, product_id)?;
        } else {
            check_quantity(&product, quantity.get())?;
            CartItem::set_quantity(conn, cart_id, product_id, quantity.get())?;
        }
        Cart::touch(conn, cart_id, now())?;
        Ok(product)
    })
}

/// The lines of the visitor's cart (the one `find_cart` finds), priced today; none when
/// they have no cart yet. The cart page, the checkout page and the API all show these.
pub fn lines(
    conn: &mut DbConn,
    cart_id: Option<i32>,
    user_id: Option<i32>,
) -> AppResult<Vec<CartLine>> {
    match find_cart(conn, cart_id, user_id)? {
        Some(cart) => Ok(Cart::lines(conn, cart.id)?),
        None => Ok(Vec::new()),
    }
}

/// `update_item` on the visitor's cart: a visitor with no cart at all gets the same 404 as
/// one whose cart lacks the product.
pub fn change_line(
    conn: &mut DbConn,
    cart_id: Option<i32>,
    user_id: Option<i32>,
    product_id: i32,
    quantity: CartQuantity,
) -> AppResult<Product> {
    let cart = find_cart(conn, cart_id, user_id)?.ok_or(AppError::NotFound)?;
    update_item(conn, cart.id, product_id, quantity)
}

/// At login: folds the browser's anonymous cart into the user's own and returns the id of
/// the cart the session should use from now on. Quantities are added up and capped at the
/// stock (and at 99); products that sold out meanwhile are dropped. Guest orders placed from
/// this browser become the user's.
pub fn merge_at_login(
    conn: &mut DbConn,
    anonymous_cart_id: Option<i32>,
    user_id: i32,
) -> AppResult<Option<i32>> {
    db::write_transaction(conn, |conn| {
        lock_carts(conn, anonymous_cart_id, Some(user_id))?;
        let anonymous = match anonymous_cart_id {
            Some(cart_id) => Cart::find_usable(conn, cart_id, None)?,
            None => None,
        };
        let own = Cart::find_for_user(conn, user_id)?;
        if let Some(own) = &own {
            lock_carts(conn, Some(own.id), None)?;
        }
        if let Some(cart) = &anonymous {
            Order::claim_guest_orders(conn, cart.id, user_id)?;
        }
        match (anonymous, own) {
            (None, own) => Ok(own.map(|cart| cart.id)),
            (Some(anonymous), None) => {
                Cart::assign_to_user(conn, anonymous.id, user_id)?;
                Ok(Some(anonymous.id))
            }
            (Some(anonymous), Some(own)) => {
                move_items(conn, anonymous.id, own.id)?;
                Cart::delete(conn, anonymous.id)?;
                Ok(Some(own.id))
            }
        }
    })
}

/// Makes other requests that change the same carts wait until this transaction ends: the
/// user's cart (which may not exist yet: two first clicks must not make two carts) and the
/// browser's. Always in this order, so two requests never wait for each other.
pub fn lock_carts(conn: &mut DbConn, cart_id: Option<i32>, user_id: Option<i32>) -> AppResult<()> {
    if let Some(user_id) = user_id {
        db::lock_key(conn, &format!("user-cart:{user_id}"))?;
    }
    if let Some(cart_id) = cart_id {
        db::lock_key(conn, &format!("cart:{cart_id}"))?;
    }
    Ok(())
}

/// The quantity a cart line gets when `added` units join `in_cart`: the sum, capped at the
/// stock and at `MAX_QUANTITY`, never negative.
pub fn merged_quantity(in_cart: i32, added: i32, stock: i32) -> i32 {
    let limit = stock.clamp(0, MAX_QUANTITY);
    in_cart.saturating_add(added).max(0).min(limit)
}

/// Adds every line of one cart to another, capped at what may be bought.
fn move_items(conn: &mut DbConn, from_cart_id: i32, to_cart_id: i32) -> AppResult<()> {
    for item in CartItem::all_in(conn, from_cart_id)? {
        let product = Product::find(conn, item.product_id)?;
        let in_cart = CartItem::quantity_in(conn, to_cart_id, item.product_id)?;
        let capped = merged_quantity(in_cart, item.quantity, product.stock);
        if capped > 0 && product.active {
            CartItem::set_quantity(conn, to_cart_id, item.product_id, capped)?;
        }
    }
    Ok(())
}
