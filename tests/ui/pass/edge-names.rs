//! Property names that clash with what the generated builder and checks use: `build` (the builder's
//! finishing method), a `maybe_` setter's name, names a type-state builder folds together (`x_1`/`x1`,
//! `1st`/`num_1st`), types named like another type's builder (`EdgeBuilder`, `HBuilder`; an enum has
//! no builder, so `LevelBuilder` is free), and the names of locals and parameters in the generated
//! code.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/edge-names.json",
}

use portal_runtime::prelude::*;

fn main() {
    let edge = Edge::builder()
        .build_("b")
        .builder("c")
        .limit(1)
        .maybe_limit_3(2)
        .x_1("x_1")
        .x1_5("x1")
        ._1st("1st")
        .num_1st_7("num_1st")
        .empty("")
        .empty_9("empty")
        .state("s")
        .is_complete(true)
        .members("m")
        .at("a")
        .deep(Deep::builder().value("v").build())
        .value("v")
        .map("m")
        .key("k")
        .self_("s")
        .super_("s")
        .crate_("c")
        .validate("v")
        .edge_builder(EdgeEdgeBuilder::builder().z("z").build())
        .maybe_out(None::<String>)
        .hb(HBuilder::builder().a("a").build())
        .h(EdgeH::builder().a("a").build())
        .level(Level::X)
        .lb(LevelBuilder::builder().a("a").build())
        .build();
    assert!(edge.validate().is_ok(), "{:?}", edge.validate());
    let json = serde_json::to_value(&edge).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "build",
            "builder",
            "limit",
            "maybe_limit",
            "x_1",
            "x1",
            "1st",
            "num_1st",
            "",
            "empty",
            "state",
            "is_complete",
            "members",
            "at",
            "deep",
            "value",
            "map",
            "key",
            "self",
            "super",
            "crate",
            "validate",
            "edge_builder",
            "hb",
            "h",
            "level",
            "lb"
        ]
    );
    assert_eq!(Edge::from_json(&json.to_string()).unwrap(), edge);

    let errors = Edge::from_json(
        r#"{"build": "", "builder": "", "limit": -1, "maybe_limit": -1, "at": "", "out": "", "deep": {"value": ""}, "value": "", "map": "", "key": "", "self": ""}"#,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 12, "{errors}");
}
