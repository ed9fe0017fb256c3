//! Hygiene: the bindings are generated inside a module that shadows the prelude's types, values,
//! traits and macros, the standard crates and the runtime's own dependencies; the generated code
//! must name everything by absolute path.
//!
//! Not shadowed, because code that the generator does not write names them unqualified:
//! `Option`, `Some` and `Into` (once named by a builder derive; kept so), `include_bytes!` (the `tool!` macro's
//! file tracking), and the primitive types (`str`, `bool`, `i64`, `f64` in the generated code,
//! `usize` in serde's `Serialize` derive).
#![deny(warnings)]

#[rustfmt::skip]
mod shadowed {
    #![allow(non_camel_case_types, unused_macros)]

    pub struct Result;
    pub struct None;
    pub struct Ok;
    pub struct Err;
    pub type String = ();
    pub enum Vec {}
    pub struct Box;
    pub trait Default {}
    pub trait Clone {}
    pub trait Iterator {}
    pub trait IntoIterator {}
    pub trait ToString {}
    pub trait From {}
    pub trait PartialEq {}
    pub trait Debug {}
    pub trait Display {}
    pub trait Send {}
    pub trait Sized {}
    pub mod std {}
    pub mod core {}
    pub mod alloc {}
    pub mod serde {}
    pub mod serde_json {}
    pub mod bon {}
    pub mod regress {}
    pub mod portal_runtime {}
    pub mod fmt {}
    macro_rules! format { ($($t:tt)*) => { compile_error!("shadowed format!") }; }
    macro_rules! write { ($($t:tt)*) => { compile_error!("shadowed write!") }; }
    macro_rules! vec { ($($t:tt)*) => { compile_error!("shadowed vec!") }; }
    macro_rules! panic { ($($t:tt)*) => { compile_error!("shadowed panic!") }; }
    macro_rules! unreachable { ($($t:tt)*) => { compile_error!("shadowed unreachable!") }; }
    macro_rules! concat { ($($t:tt)*) => { compile_error!("shadowed concat!") }; }
    macro_rules! stringify { ($($t:tt)*) => { compile_error!("shadowed stringify!") }; }
    macro_rules! matches { ($($t:tt)*) => { compile_error!("shadowed matches!") }; }

    // Every shadow is used, so that `deny(warnings)` (dead code) holds outside trybuild too.
    pub struct Unit;
    impl Default for Unit {}
    impl Clone for Unit {}
    impl Iterator for Unit {}
    impl IntoIterator for Unit {}
    impl ToString for Unit {}
    impl From for Unit {}
    impl PartialEq for Unit {}
    impl Debug for Unit {}
    impl Display for Unit {}
    impl Send for Unit {}
    impl Sized for Unit {}

    fn bounds<T>(_: T)
    where
        T: Default + Clone + Iterator + IntoIterator + ToString + From + PartialEq + Debug + Display + Send + Sized,
    {
    }

    pub fn shadows() -> usize {
        bounds(Unit);
        let _ = (Result, None, Ok, Err, Box);
        let _: String = ();
        ::core::mem::size_of::<Vec>()
    }

    portal_macros::tool! {
        schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
        patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
    }

    portal_macros::tool! {
        schema: "schemas/nested.json",
    }

    portal_macros::tool! {
        schema: "schemas/refs.json",
    }

    portal_macros::tool! {
        schema: "schemas/hard-names.json",
    }

    portal_macros::tool! {
        schema: "schemas/output.json",
        name: Ping,
    }

    portal_macros::tool! {
        schema: "../fixtures/search_tickets.json",
        name: Search,
    }

    portal_macros::tool! {
        schema: "../fixtures/deploy_service.json",
        name: Deploy,
    }
}

use portal_runtime::prelude::*;
use shadowed::{Deploy, GenerateLink, HardNames, Intent, Kind, Order, Ping, Search, Shipments};

fn main() {
    assert_eq!(shadowed::shadows(), 0);
    let request = GenerateLink::builder()
        .organization("org_1")
        .intent(Intent::Dsync)
        .build();
    assert!(request.validate().is_ok());
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(GenerateLink::from_json(&json).unwrap(), request);
    assert_eq!(<GenerateLink as Operation>::PATH, "/portal/generate_link");

    let shipment = r#"{"reference": "SHP-0001", "packages": [{"sku": "ABC-1", "count": 1}]}"#;
    assert!(Shipments::from_json(shipment).is_ok());
    assert!(Order::from_json(r#"{"shipping": {"street": "x"}, "quantity": 1}"#).is_ok());
    let names = HardNames::builder().r#type("t").kind(Kind::A2).build();
    let json = serde_json::to_string(&names).unwrap();
    assert_eq!(HardNames::from_json(&json).unwrap(), names);
    let ping = Ping::builder().token("secret").build();
    assert!(!format!("{ping:?}").contains("secret"));

    let search = r#"{"query": "q", "filter": {"all": [{"field": "team", "equals": 7}]}, "page": 2, "metadata": {"x-team": "a"}}"#;
    assert!(Search::from_json(search).is_ok());
    assert!(Search::from_json(r#"{"query": "q", "page": 0}"#).is_err());
    let deploy = r#"{"service": "api", "version": "1", "environment": "staging", "strategy": {"kind": "recreate"}, "window": ["2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z"]}"#;
    assert!(Deploy::from_json(deploy).is_ok());
    assert!(Deploy::from_json(r#"{"service": "api", "version": "1", "environment": "production"}"#).is_err());
}
