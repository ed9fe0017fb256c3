//! Typed unions under `#![deny(warnings)]`: each variant built with its builder or `From`, the
//! tag of a tagged branch set by its builder, and matched with `Other` for a tag added later.
#![deny(warnings)]

portal_macros::tool! {
    schema: "../fixtures/unions.json",
    name: Adopt,
}

use portal_runtime::Nullable;
use portal_runtime::prelude::*;

fn describe(pet: &Pet) -> String {
    match pet {
        Pet::Cat(cat) => format!("cat {}", cat.name),
        Pet::Dog(dog) => format!("dog {}", dog.name),
        Pet::Other(value) => format!("unknown {value}"),
    }
}

fn main() {
    let request = Adopt::builder()
        .pet(PetDog::builder().name("Rex").good(true).build())
        .value(Value::from("x".to_owned()))
        .id(Id::Integer(3.into()))
        .contact(Contact::from(ByPhone::builder().phone("+3312345678").build()))
        .reach(Reach::Email(ReachEmail::builder().email("a@example.com").build()))
        .note(Nullable::Null)
        .options(Options::builder().build())
        .mode(Mode::Fast)
        .build();
    assert!(request.validate().is_ok());
    assert_eq!(describe(&request.pet), "dog Rex");
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"value":"x","pet":{"kind":"dog","name":"Rex","good":true},"contact":{"phone":"+3312345678"},"reach":{"email":"a@example.com"},"id":3,"note":null,"options":{},"mode":"fast"}"#
    );
    let decoded = Adopt::from_json(r#"{"pet": {"kind": "cat", "name": "Tom"}, "value": true}"#).unwrap();
    assert_eq!(describe(&decoded.pet), "cat Tom");
    assert_eq!(decoded.value, Some(Value::Boolean(true)));
}
