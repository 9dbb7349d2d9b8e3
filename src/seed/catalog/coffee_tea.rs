//! The demo catalog's Coffee & Tea shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "coffee-tea",
    name: "Coffee & Tea",
    description: "Brewing gear, mugs and small-batch beans and leaves for a better cup.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "stoneware-coffee-mug",
        name: "Stoneware Coffee Mug",
        category: "coffee-tea",
        description: "A wheel-thrown stoneware mug with a comfortable handle and a reactive glaze. Holds 350 ml and is dishwasher safe. No two mugs are exactly alike.",
        price_cents: 1400,
        stock: 64,
        featured: true,
    },
    DemoProduct {
        slug: "ceramic-pour-over-dripper",
        name: "Ceramic Pour-Over Dripper",
        category: "coffee-tea",
        description: "A single-cup ceramic dripper with spiral ribs for an even extraction. Sits on any mug or carafe and takes standard size 2 filters.",
        price_cents: 2600,
        stock: 33,
        featured: false,
    },
    DemoProduct {
        slug: "gooseneck-kettle",
        name: "Gooseneck Kettle",
        category: "coffee-tea",
        description: "A stainless steel kettle with a slim gooseneck spout for a steady, precise pour. Works on gas, electric and induction hobs.",
        price_cents: 6900,
        stock: 14,
        featured: true,
    },
    DemoProduct {
        slug: "hand-burr-grinder",
        name: "Hand Burr Coffee Grinder",
        category: "coffee-tea",
        description: "A hand grinder with conical steel burrs and click-stop adjustment from espresso to French press. Small enough to take travelling.",
        price_cents: 8500,
        stock: 2,
        featured: false,
    },
    DemoProduct {
        slug: "french-press-1l",
        name: "French Press 1 L",
        category: "coffee-tea",
        description: "A one-litre glass French press with a stainless frame and fine mesh filter. Makes four generous mugs of full-bodied coffee.",
        price_cents: 3499,
        stock: 26,
        featured: false,
    },
    DemoProduct {
        slug: "cast-iron-teapot",
        name: "Cast Iron Teapot",
        category: "coffee-tea",
        description: "A traditional cast iron teapot with an enamelled interior and a removable steel infuser. It keeps tea hot for a long, slow pot.",
        price_cents: 5400,
        stock: 0,
        featured: false,
    },
    DemoProduct {
        slug: "sencha-loose-leaf-100g",
        name: "Sencha Loose Leaf Tea 100 g",
        category: "coffee-tea",
        description: "A bright, grassy first-flush sencha from Shizuoka. Brew at 70 degrees for a minute and re-steep two or three times.",
        price_cents: 1250,
        stock: 55,
        featured: false,
    },
    DemoProduct {
        slug: "house-blend-beans-250g",
        name: "House Blend Coffee Beans 250 g",
        category: "coffee-tea",
        description: "Our medium roast house blend with notes of cocoa, hazelnut and red apple. Roasted weekly and shipped whole bean.",
        price_cents: 1150,
        stock: 72,
        featured: false,
    },
    DemoProduct {
        slug: "double-wall-glass-mug",
        name: "Double-Wall Glass Mug",
        category: "coffee-tea",
        description: "A mouth-blown double-wall glass mug that keeps drinks hot and hands cool. Watch the layers of a latte or the colour of your tea.",
        price_cents: 1800,
        stock: 38,
        featured: false,
    },
    DemoProduct {
        slug: "matcha-whisk-set",
        name: "Matcha Whisk Set",
        category: "coffee-tea",
        description: "A bamboo chasen whisk, scoop and ceramic bowl for preparing matcha at home. Comes with a whisk holder to keep the tines in shape.",
        price_cents: 2950,
        stock: 19,
        featured: false,
    },
    DemoProduct {
        slug: "insulated-travel-tumbler",
        name: "Insulated Travel Tumbler",
        category: "coffee-tea",
        description: "A vacuum-insulated steel tumbler with a leak-proof sliding lid. Keeps coffee hot for six hours and fits most car cup holders.",
        price_cents: 2499,
        stock: 47,
        featured: false,
    },
];
