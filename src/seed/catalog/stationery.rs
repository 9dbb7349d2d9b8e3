//! The demo catalog's Stationery shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "stationery",
    name: "Stationery",
    description: "Notebooks, pens and paper goods for writing things down by hand.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "dot-grid-notebook-a5",
        name: "Dot Grid Notebook A5",
        category: "stationery",
        description: "An A5 notebook with 192 pages of 100 gsm dot grid paper that lies flat when open. Numbered pages, two ribbon markers and an elastic closure.",
        price_cents: 1600,
        stock: 75,
        featured: true,
    },
    DemoProduct {
        slug: "lined-notebook-a4",
        name: "Lined Notebook A4",
        category: "stationery",
        description: "A large lined notebook with a sewn binding and a soft linen cover. Generous margins for lecture notes, meeting minutes or drafts.",
        price_cents: 1450,
        stock: 50,
        featured: false,
    },
    DemoProduct {
        slug: "brass-fountain-pen",
        name: "Brass Fountain Pen",
        category: "stationery",
        description: "A solid brass fountain pen with a fine steel nib that develops a warm patina over time. Takes standard international cartridges or a converter.",
        price_cents: 6500,
        stock: 0,
        featured: false,
    },
    DemoProduct {
        slug: "graphite-pencil-set-12",
        name: "Graphite Pencil Set of 12",
        category: "stationery",
        description: "Twelve cedar pencils in grades from 4H to 8B for writing, sketching and shading. Packed in a slim recycled card tin.",
        price_cents: 899,
        stock: 68,
        featured: false,
    },
    DemoProduct {
        slug: "undated-weekly-planner",
        name: "Undated Weekly Planner",
        category: "stationery",
        description: "A week-on-two-pages planner you can start any day of the year. Includes monthly overviews, habit trackers and a back pocket.",
        price_cents: 2200,
        stock: 44,
        featured: false,
    },
    DemoProduct {
        slug: "washi-tape-trio",
        name: "Washi Tape Trio",
        category: "stationery",
        description: "Three rolls of Japanese washi tape in coordinated prints. Tear by hand, write on it and peel it off without leaving residue.",
        price_cents: 650,
        stock: 80,
        featured: false,
    },
    DemoProduct {
        slug: "letterpress-card-set",
        name: "Letterpress Card Set",
        category: "stationery",
        description: "Eight blank cards printed on a vintage press with deep, tactile impressions. Supplied with kraft envelopes for every occasion.",
        price_cents: 1800,
        stock: 3,
        featured: false,
    },
    DemoProduct {
        slug: "walnut-desk-organizer",
        name: "Walnut Desk Organizer",
        category: "stationery",
        description: "A solid walnut tray with slots for pens, cards and a phone. Keeps a small desk tidy and ages beautifully.",
        price_cents: 3900,
        stock: 13,
        featured: false,
    },
    DemoProduct {
        slug: "pocket-sketchbook",
        name: "Pocket Sketchbook",
        category: "stationery",
        description: "A pocket-size sketchbook with heavy cream paper that handles pencil, ink and light washes. Rounded corners and a rigid cover for drawing on the go.",
        price_cents: 1100,
        stock: 58,
        featured: false,
    },
    DemoProduct {
        slug: "blue-black-bottled-ink",
        name: "Blue-Black Bottled Ink",
        category: "stationery",
        description: "A 50 ml bottle of well-behaved blue-black fountain pen ink. It flows smoothly, dries quickly and resists water once set.",
        price_cents: 1450,
        stock: 36,
        featured: false,
    },
    DemoProduct {
        slug: "leather-pencil-case",
        name: "Leather Pencil Case",
        category: "stationery",
        description: "A zipped pencil case in vegetable-tanned leather with a cotton lining. Holds a dozen pens and pencils and fits in any bag.",
        price_cents: 2850,
        stock: 21,
        featured: false,
    },
];
