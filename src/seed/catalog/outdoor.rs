//! The demo catalog's Outdoor shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "outdoor",
    name: "Outdoor",
    description: "Durable gear for camping, hiking and long afternoons outside.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "enamel-camping-mug",
        name: "Enamel Camping Mug",
        category: "outdoor",
        description: "A lightweight enamelled steel mug with a rolled rim that goes straight onto the campfire. Tough, chip-resistant and a trusty mug for trail coffee.",
        price_cents: 1250,
        stock: 60,
        featured: true,
    },
    DemoProduct {
        slug: "two-person-dome-tent",
        name: "Two-Person Dome Tent",
        category: "outdoor",
        description: "A freestanding three-season tent for two with aluminium poles and two vestibules. Pitches in five minutes and packs down to 2.1 kg.",
        price_cents: 24900,
        stock: 2,
        featured: true,
    },
    DemoProduct {
        slug: "waxed-canvas-daypack",
        name: "Waxed Canvas Daypack",
        category: "outdoor",
        description: "A 20-litre daypack in weather-resistant waxed canvas with leather trims. A padded sleeve fits a laptop and a front pocket holds the essentials.",
        price_cents: 8900,
        stock: 17,
        featured: false,
    },
    DemoProduct {
        slug: "steel-water-bottle-750",
        name: "Steel Water Bottle 750 ml",
        category: "outdoor",
        description: "A double-wall stainless steel bottle that keeps water cold for a full day. The wide mouth takes ice cubes and is easy to clean.",
        price_cents: 2450,
        stock: 63,
        featured: false,
    },
    DemoProduct {
        slug: "led-camp-lantern",
        name: "LED Camp Lantern",
        category: "outdoor",
        description: "A rechargeable LED lantern with warm and cool light settings and a dimmer. Runs up to 40 hours and can charge a phone in a pinch.",
        price_cents: 3499,
        stock: 28,
        featured: false,
    },
    DemoProduct {
        slug: "folding-camp-stool",
        name: "Folding Camp Stool",
        category: "outdoor",
        description: "A compact folding stool with a beech frame and a heavy cotton seat. Light to carry and just right for the campfire or the allotment.",
        price_cents: 2800,
        stock: 25,
        featured: false,
    },
    DemoProduct {
        slug: "waterproof-picnic-blanket",
        name: "Waterproof Picnic Blanket",
        category: "outdoor",
        description: "A soft fleece picnic blanket with a waterproof backing for damp grass. Rolls up with a leather carry strap.",
        price_cents: 4500,
        stock: 37,
        featured: false,
    },
    DemoProduct {
        slug: "pocket-multitool",
        name: "Pocket Multitool",
        category: "outdoor",
        description: "A stainless steel multitool with pliers, a locking blade, screwdrivers and a bottle opener. Fits in a pocket and lasts a lifetime.",
        price_cents: 5450,
        stock: 20,
        featured: false,
    },
    DemoProduct {
        slug: "merino-hiking-socks",
        name: "Merino Hiking Socks",
        category: "outdoor",
        description: "Cushioned merino wool socks that stay warm when wet and resist odour on long days. Reinforced heel and toe for extra miles.",
        price_cents: 1899,
        stock: 70,
        featured: false,
    },
    DemoProduct {
        slug: "parachute-hammock",
        name: "Parachute Hammock",
        category: "outdoor",
        description: "A lightweight parachute nylon hammock with tree-friendly straps. Sets up between two trees in a couple of minutes and packs into its own pouch.",
        price_cents: 4250,
        stock: 32,
        featured: false,
    },
    DemoProduct {
        slug: "camp-cookware-set",
        name: "Camp Cookware Set",
        category: "outdoor",
        description: "A nesting anodised aluminium pot, pan and lid set for one or two people. Folding handles and a mesh bag keep it compact in the pack.",
        price_cents: 6999,
        stock: 11,
        featured: false,
    },
];
