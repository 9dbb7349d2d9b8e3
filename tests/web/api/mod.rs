//! The JSON API under `/api/v1`, driven as a program would: JSON bodies, a bearer token, no
//! cookies. `helpers` has the client; each other module tests one resource, and `agreement`
//! checks that the API and the pages show the same cart and orders.

mod agreement;
mod cart;
mod checkout;
mod helpers;
mod openapi;
mod orders;
mod products;
mod tokens;
