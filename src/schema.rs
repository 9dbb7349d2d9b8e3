//! The database tables as Diesel sees them, matching `migrations/sqlite`.
//!
//! This file mirrors what `diesel print-schema` prints; change a migration first, then this.
//! Only portable column types appear here (integers, text, booleans, timestamps), so the same
//! models can later run on PostgreSQL.

diesel::table! {
    categories (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        description -> Text,
        position -> Integer,
        created_at -> Timestamp,
        product_count -> Integer,
    }
}

diesel::table! {
    products (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        description -> Text,
        price_cents -> BigInt,
        stock -> Integer,
        category_id -> Integer,
        active -> Bool,
        featured -> Bool,
        image_path -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_sessions (id) {
        id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    throttle_events (id) {
        id -> Integer,
        action -> Text,
        subject -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    carts (id) {
        id -> Integer,
        user_id -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cart_items (cart_id, product_id) {
        cart_id -> Integer,
        product_id -> Integer,
        quantity -> Integer,
        added_at -> Timestamp,
    }
}

diesel::table! {
    orders (id) {
        id -> Integer,
        number -> Text,
        status -> Text,
        user_id -> Nullable<Integer>,
        cart_id -> Nullable<Integer>,
        email -> Text,
        name -> Text,
        address_line1 -> Text,
        address_line2 -> Text,
        city -> Text,
        postal_code -> Text,
        country -> Text,
        total_cents -> BigInt,
        checkout_token -> Text,
        card_brand -> Text,
        card_last4 -> Text,
        payment_reference -> Nullable<Text>,
        payment_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_items (id) {
        id -> Integer,
        order_id -> Integer,
        product_id -> Integer,
        name -> Text,
        unit_price_cents -> BigInt,
        quantity -> Integer,
    }
}

diesel::table! {
    product_pairs (product_id, other_id) {
        product_id -> Integer,
        other_id -> Integer,
        customers -> BigInt,
    }
}

diesel::table! {
    product_sales (product_id) {
        product_id -> Integer,
        units -> BigInt,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        next_run_at -> Timestamp,
        lease_holder -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    job_runs (id) {
        id -> Integer,
        job_name -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        outcome -> Text,
        rows_touched -> BigInt,
        message -> Text,
        started_by -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        to_address -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        kind -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    daily_sales (day) {
        day -> Date,
        orders -> BigInt,
        revenue_cents -> BigInt,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        user_id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> Integer,
        user_id -> Integer,
        key -> Text,
        request_hash -> Text,
        status_code -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    wishlist_items (user_id, product_id) {
        user_id -> Integer,
        product_id -> Integer,
        added_at -> Timestamp,
    }
}

diesel::joinable!(products -> categories (category_id));
diesel::joinable!(carts -> users (user_id));
diesel::joinable!(cart_items -> carts (cart_id));
diesel::joinable!(cart_items -> products (product_id));
diesel::joinable!(orders -> users (user_id));
diesel::joinable!(login_sessions -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(order_items -> orders (order_id));
diesel::joinable!(order_items -> products (product_id));
diesel::joinable!(product_pairs -> products (other_id));
diesel::joinable!(product_sales -> products (product_id));
diesel::joinable!(wishlist_items -> users (user_id));
diesel::joinable!(wishlist_items -> products (product_id));

diesel::allow_tables_to_appear_in_same_query!(
    categories,
    products,
    users,
    carts,
    cart_items,
    orders,
    order_items,
    login_sessions,
    throttle_events,
    jobs,
    job_runs,
    daily_sales,
    outbox,
    password_resets,
    product_pairs,
    product_sales,
    api_tokens,
    idempotency_keys,
    wishlist_items,
);
