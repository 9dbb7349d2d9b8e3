//! The demo catalog's Books shelf: the category and its 11 products.
//!
//! Plain data, listed in `seed/catalog/mod.rs` beside the other shelves; each product's
//! picture is `static/images/products/<slug>.svg`.

use super::{DemoCategory, DemoProduct};

/// The category, as it appears in the menu.
pub const CATEGORY: DemoCategory = DemoCategory {
    slug: "books",
    name: "Books",
    description: "A small shelf of cookbooks, field guides and reading for slow evenings.",
};

/// Its products, in catalog order (see `catalog::products` for why the order matters).
pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "the-slow-kitchen",
        name: "The Slow Kitchen",
        category: "books",
        description: "A seasonal cookbook of unhurried recipes for braises, breads and preserves. Beautifully photographed and written for home cooks.",
        price_cents: 3200,
        stock: 26,
        featured: true,
    },
    DemoProduct {
        slug: "field-guide-garden-birds",
        name: "Field Guide to Garden Birds",
        category: "books",
        description: "A pocket field guide to the birds most often seen in gardens and parks. Clear illustrations, range maps and tips for identifying songs.",
        price_cents: 2450,
        stock: 39,
        featured: false,
    },
    DemoProduct {
        slug: "the-art-of-coffee",
        name: "The Art of Coffee",
        category: "books",
        description: "From farm to cup, a friendly guide to beans, roasting and brewing at home. Includes recipes for every brewer from moka pot to pour-over.",
        price_cents: 2800,
        stock: 1,
        featured: false,
    },
    DemoProduct {
        slug: "small-spaces-big-ideas",
        name: "Small Spaces, Big Ideas",
        category: "books",
        description: "An inspiring look at compact homes that feel calm and generous. Full of practical ideas for storage, light and layout.",
        price_cents: 3500,
        stock: 18,
        featured: false,
    },
    DemoProduct {
        slug: "trails-and-summits",
        name: "Trails and Summits",
        category: "books",
        description: "Fifty classic day hikes described with maps, photographs and honest difficulty ratings. A companion for planning your next weekend outside.",
        price_cents: 2999,
        stock: 22,
        featured: false,
    },
    DemoProduct {
        slug: "the-letter-writer",
        name: "The Letter Writer",
        category: "books",
        description: "A short, charming novel told through letters between two strangers. Best read with a pot of tea and a favourite mug.",
        price_cents: 1600,
        stock: 43,
        featured: false,
    },
    DemoProduct {
        slug: "bread-every-day",
        name: "Bread Every Day",
        category: "books",
        description: "A practical baking book that fits good bread into a busy week. Covers sourdough, quick loaves and flatbreads step by step.",
        price_cents: 2750,
        stock: 30,
        featured: false,
    },
    DemoProduct {
        slug: "the-houseplant-handbook",
        name: "The Houseplant Handbook",
        category: "books",
        description: "Everything you need to keep more than sixty common houseplants happy. Sorted by light level, with watering and repotting guides.",
        price_cents: 2200,
        stock: 48,
        featured: false,
    },
    DemoProduct {
        slug: "notes-on-tea",
        name: "Notes on Tea",
        category: "books",
        description: "A slim, thoughtful book of essays on tea, its rituals and its history. A lovely gift for anyone who keeps a tea notebook.",
        price_cents: 1850,
        stock: 35,
        featured: false,
    },
    DemoProduct {
        slug: "quiet-mornings-journal",
        name: "Quiet Mornings: A Guided Journal",
        category: "books",
        description: "A guided journal with a short prompt for each morning of the year. Part notebook, part gentle daily habit.",
        price_cents: 1999,
        stock: 57,
        featured: false,
    },
    DemoProduct {
        slug: "night-sky-atlas",
        name: "Night Sky Atlas",
        category: "books",
        description: "A large-format star atlas with seasonal sky charts and notes on planets and deep-sky objects. Ideal for beginners with binoculars or a small telescope.",
        price_cents: 3999,
        stock: 0,
        featured: false,
    },
];
