//! The demo catalog's Kitchen shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "kitchen",
    name: "Kitchen",
    description: "Sturdy tools, cookware and serveware for everyday cooking.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "walnut-cutting-board",
        name: "Walnut Cutting Board",
        category: "kitchen",
        description: "A thick end-grain board cut from solid American walnut. It is gentle on knife edges and finished with food-safe oil. Wash by hand and oil it now and then.",
        price_cents: 4500,
        stock: 24,
        featured: true,
    },
    DemoProduct {
        slug: "cast-iron-skillet-26",
        name: "Cast Iron Skillet 26 cm",
        category: "kitchen",
        description: "A pre-seasoned cast iron skillet that goes from stovetop to oven to table. It holds heat evenly for searing, frying and baking cornbread.",
        price_cents: 5999,
        stock: 18,
        featured: false,
    },
    DemoProduct {
        slug: "chefs-knife-20",
        name: "Chef's Knife 20 cm",
        category: "kitchen",
        description: "A balanced all-round chef's knife with a high-carbon stainless blade and a pakkawood handle. Sharp out of the box and easy to hone.",
        price_cents: 8900,
        stock: 12,
        featured: false,
    },
    DemoProduct {
        slug: "linen-tea-towel-set",
        name: "Linen Tea Towel Set",
        category: "kitchen",
        description: "Three stonewashed linen tea towels in muted stripes. They dry glasses without lint and get softer with every wash.",
        price_cents: 2450,
        stock: 40,
        featured: false,
    },
    DemoProduct {
        slug: "stoneware-mixing-bowl",
        name: "Stoneware Mixing Bowl",
        category: "kitchen",
        description: "A heavy stoneware bowl with a glazed interior and a pouring lip. Big enough for bread dough and handsome enough for serving salad.",
        price_cents: 3200,
        stock: 22,
        featured: false,
    },
    DemoProduct {
        slug: "olive-wood-spoon-set",
        name: "Olive Wood Spoon Set",
        category: "kitchen",
        description: "Three hand-carved olive wood spoons for stirring, tasting and serving. Each set has its own grain pattern.",
        price_cents: 1899,
        stock: 35,
        featured: false,
    },
    DemoProduct {
        slug: "glass-storage-jar-1l",
        name: "Glass Storage Jar 1 L",
        category: "kitchen",
        description: "A clear borosilicate jar with a bamboo lid and silicone seal. Keeps flour, pasta or coffee beans fresh and in sight.",
        price_cents: 950,
        stock: 80,
        featured: false,
    },
    DemoProduct {
        slug: "enamel-pie-dish",
        name: "Enamel Pie Dish",
        category: "kitchen",
        description: "A classic enamelled steel pie dish with a rolled rim. It heats quickly for a crisp crust and cleans up in seconds.",
        price_cents: 2200,
        stock: 30,
        featured: false,
    },
    DemoProduct {
        slug: "copper-measuring-cups",
        name: "Copper Measuring Cups",
        category: "kitchen",
        description: "A nesting set of four copper-plated measuring cups with engraved sizes. They hang neatly on a hook by the stove.",
        price_cents: 2799,
        stock: 16,
        featured: false,
    },
    DemoProduct {
        slug: "marble-mortar-pestle",
        name: "Marble Mortar and Pestle",
        category: "kitchen",
        description: "A solid white marble mortar with an unpolished bowl for better grip. Grinds spices, pastes and pesto by hand.",
        price_cents: 3450,
        stock: 3,
        featured: false,
    },
    DemoProduct {
        slug: "ceramic-butter-dish",
        name: "Ceramic Butter Dish",
        category: "kitchen",
        description: "A covered butter dish in speckled glazed ceramic. It keeps a standard block soft and spreadable on the counter.",
        price_cents: 1650,
        stock: 27,
        featured: false,
    },
];
