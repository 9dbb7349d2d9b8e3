//! The demo catalog's Home shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "home",
    name: "Home",
    description: "Textiles, lighting and small objects that make a room feel lived in.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "linen-throw-pillow",
        name: "Linen Throw Pillow",
        category: "home",
        description: "A washed linen cushion with a feather-and-down insert and a hidden zip. Relaxed, slightly rumpled and very comfortable.",
        price_cents: 3800,
        stock: 29,
        featured: false,
    },
    DemoProduct {
        slug: "cedar-soy-candle",
        name: "Cedar Soy Candle",
        category: "home",
        description: "A hand-poured soy wax candle scented with cedarwood, vetiver and a hint of smoke. Burns cleanly for about 45 hours in a reusable glass.",
        price_cents: 2400,
        stock: 52,
        featured: false,
    },
    DemoProduct {
        slug: "terracotta-planter",
        name: "Terracotta Planter",
        category: "home",
        description: "A classic unglazed terracotta pot with a drainage hole and a matching saucer. Breathable clay keeps roots healthy indoors or out.",
        price_cents: 1950,
        stock: 34,
        featured: false,
    },
    DemoProduct {
        slug: "brass-table-lamp",
        name: "Brass Table Lamp",
        category: "home",
        description: "A compact table lamp in brushed brass with a pleated linen shade. Casts a warm, soft light for reading corners and bedside tables.",
        price_cents: 12900,
        stock: 9,
        featured: true,
    },
    DemoProduct {
        slug: "merino-wool-throw",
        name: "Merino Wool Throw Blanket",
        category: "home",
        description: "A generous throw woven from soft merino wool with a fringed edge. Light enough for summer evenings and warm enough for winter.",
        price_cents: 14500,
        stock: 0,
        featured: false,
    },
    DemoProduct {
        slug: "ceramic-bud-vase",
        name: "Ceramic Bud Vase",
        category: "home",
        description: "A small matte ceramic vase for a single stem or a few dried grasses. Looks good alone or grouped in threes on a windowsill.",
        price_cents: 1700,
        stock: 41,
        featured: false,
    },
    DemoProduct {
        slug: "oak-wall-shelf",
        name: "Oak Wall Shelf",
        category: "home",
        description: "A solid oak shelf with concealed brackets for a floating look. Sized for a row of books, plants or a small record collection.",
        price_cents: 5900,
        stock: 1,
        featured: false,
    },
    DemoProduct {
        slug: "woven-storage-basket",
        name: "Woven Storage Basket",
        category: "home",
        description: "A hand-woven seagrass basket with sturdy side handles. Great for blankets, toys or laundry and it folds flat when not in use.",
        price_cents: 3250,
        stock: 23,
        featured: false,
    },
    DemoProduct {
        slug: "minimal-wall-clock",
        name: "Minimal Wall Clock",
        category: "home",
        description: "A quiet wall clock with a sweeping second hand and a clean face without numbers. Runs on a single AA battery.",
        price_cents: 4900,
        stock: 15,
        featured: false,
    },
    DemoProduct {
        slug: "linen-napkin-set-4",
        name: "Linen Napkin Set of 4",
        category: "home",
        description: "Four soft linen napkins with mitred corners. They make an everyday dinner feel a little special and only improve with washing.",
        price_cents: 2600,
        stock: 46,
        featured: false,
    },
    DemoProduct {
        slug: "jute-doormat",
        name: "Jute Doormat",
        category: "home",
        description: "A thick natural jute doormat with a non-slip backing. Scrapes boots clean and adds a warm texture to the entrance.",
        price_cents: 2999,
        stock: 31,
        featured: false,
    },
];
