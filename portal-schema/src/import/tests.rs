use super::openapi;
use serde_json::{Value, json};

fn names(tools: &[Value]) -> Vec<&str> {
    tools.iter().map(|t| t["name"].as_str().unwrap()).collect()
}

fn messages(document: &Value) -> Vec<String> {
    openapi(document)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

const ERROR: &str =
    r#"{"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}"#;

/// A 3.1 document: a list operation with WorkOS's envelope, an item operation, a create with a
/// component body, an empty 204 answer.
fn document_31() -> Value {
    let error: Value = serde_json::from_str(ERROR).unwrap();
    json!({
        "openapi": "3.1.1",
        "paths": {
            "/organizations": {
                "get": {
                    "summary": "List Organizations",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
                        {"name": "after", "in": "query", "schema": {"type": "string"}},
                        {"name": "domains", "in": "query", "style": "form", "explode": false,
                         "schema": {"type": "array", "items": {"type": "string"}}}
                    ],
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrganizationList"}}}},
                        "422": {"description": "Unprocessable", "content": {"application/json": {"schema": error}}}
                    }
                },
                "post": {
                    "summary": "Create an Organization",
                    "description": "Creates a new organization.",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrganizationDto"}}}},
                    "responses": {
                        "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Organization"}}}},
                        "401": {"description": "Unauthorized"}
                    }
                }
            },
            "/organizations/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "description": "The organization.", "schema": {"type": "string", "example": "org_1"}}],
                "delete": {
                    "summary": "Delete an Organization",
                    "responses": {"204": {"description": "No Content"}}
                }
            }
        },
        "components": {"schemas": {
            "Organization": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}, "required": ["id", "name"]},
            "OrganizationDto": {"type": "object", "properties": {
                "name": {"type": "string", "maxLength": 128, "example": "Foo Corp"},
                "external_id": {"type": ["string", "null"], "maxLength": 128}
            }, "required": ["name"]},
            "OrganizationList": {"type": "object", "properties": {
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}},
                "list_metadata": {"type": "object", "properties": {"after": {"type": ["string", "null"]}}}
            }, "required": ["data", "list_metadata"]},
            "Unused": {"type": "string"}
        }}
    })
}

#[test]
fn a_31_document_gives_one_tool_per_operation() {
    let tools = openapi(&document_31()).unwrap();
    assert_eq!(
        names(&tools),
        [
            "organizations.create",
            "organizations.delete",
            "organizations.list"
        ]
    );
    let organization = json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}, "required": ["id", "name"]});
    let error: Value = serde_json::from_str(ERROR).unwrap();
    assert_eq!(
        tools[0],
        json!({
            "name": "organizations.create",
            "description": "Creates a new organization.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 128, "examples": ["Foo Corp"]},
                    "external_id": {"type": ["string", "null"], "maxLength": 128}
                },
                "required": ["name"]
            },
            "outputSchema": {"title": "Organization", "type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}, "required": ["id", "name"]},
            "annotations": {"title": "Create an Organization", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": false},
            "x-http": {"method": "POST", "path": "/organizations", "status": 201}
        })
    );
    assert_eq!(
        tools[1],
        json!({
            "name": "organizations.delete",
            "description": "Delete an Organization",
            "inputSchema": {
                "type": "object",
                "properties": {"id": {"type": "string", "examples": ["org_1"], "description": "The organization."}},
                "required": ["id"]
            },
            "annotations": {"title": "Delete an Organization", "readOnlyHint": false, "destructiveHint": true, "idempotentHint": true},
            "x-http": {"method": "DELETE", "path": "/organizations/{id}", "status": 204}
        })
    );
    assert_eq!(
        tools[2],
        json!({
            "name": "organizations.list",
            "description": "List Organizations",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                    "after": {"type": "string"},
                    "domains": {"type": "array", "items": {"type": "string"}}
                }
            },
            "outputSchema": {
                "title": "OrganizationList",
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/$defs/Organization"}},
                    "list_metadata": {"type": "object", "properties": {"after": {"type": ["string", "null"]}}}
                },
                "required": ["data", "list_metadata"],
                "$defs": {"Organization": organization}
            },
            "annotations": {"title": "List Organizations", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true},
            "x-http": {
                "method": "GET",
                "path": "/organizations",
                "status": 200,
                "query": {"limit": {}, "after": {}, "domains": {"style": "form", "explode": false}},
                "paginated": {"cursor": "after", "items": "/data", "next": "/list_metadata/after"},
                "errors": {"422": error}
            }
        })
    );
}

#[test]
fn a_30_document_is_rewritten_to_2020_12() {
    let document = json!({
        "openapi": "3.0.3",
        "paths": {"/widgets/{widget_id}": {"put": {
            "parameters": [{"name": "widget_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "size": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false},
                "label": {"type": "string", "nullable": true, "enum": ["a", "b"], "example": "a"},
                "owner": {"$ref": "#/components/schemas/Owner", "description": "ignored by 3.0"},
                "parent": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true}
            }}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json; charset=utf-8": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}
        }}},
        "components": {"schemas": {"Owner": {"type": "object", "properties": {"name": {"type": "string", "nullable": true}}}}}
    });
    let tools = openapi(&document).unwrap();
    let owner = json!({"type": "object", "properties": {"name": {"type": ["string", "null"]}}});
    assert_eq!(
        tools,
        [json!({
            "name": "widgets.update",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "widget_id": {"type": "string"},
                    "size": {"type": "number", "maximum": 10, "exclusiveMinimum": 0},
                    "label": {"type": ["string", "null"], "enum": ["a", "b", null], "examples": ["a"]},
                    "owner": {"$ref": "#/$defs/Owner"},
                    "parent": {"anyOf": [{"allOf": [{"$ref": "#/$defs/Owner"}]}, {"type": "null"}]}
                },
                "required": ["widget_id"],
                "$defs": {"Owner": owner.clone()}
            },
            "outputSchema": {"title": "Owner", "type": "object", "properties": {"name": {"type": ["string", "null"]}}},
            "annotations": {"readOnlyHint": false, "destructiveHint": false, "idempotentHint": true},
            "x-http": {"method": "PUT", "path": "/widgets/{widget_id}", "status": 200}
        })]
    );
}

#[test]
fn colliding_names_are_told_apart_by_their_own_path_parameters() {
    let ok = json!({"204": {"description": "No Content"}});
    let string = json!({"type": "string"});
    let path = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": string});
    let document = json!({
        "openapi": "3.1.0",
        "paths": {
            "/m/{m_id}/role_assignments/{ra_id}": {"delete": {"parameters": [path("m_id"), path("ra_id")], "responses": ok}},
            "/m/{m_id}/role_assignments": {"delete": {"parameters": [path("m_id")], "responses": ok}},
            "/r/{type}/{external_id}/permissions": {"get": {"parameters": [path("type"), path("external_id")], "responses": ok}},
            "/r/{resource_id}/permissions": {"get": {"parameters": [path("resource_id")], "responses": ok}},
            "/files/{name}.{ext}": {"get": {"parameters": [path("name"), path("ext")], "responses": ok}}
        }
    });
    let tools = openapi(&document).unwrap();
    assert_eq!(
        names(&tools),
        [
            "files.get",
            "m.role_assignments.by_ra_id.delete",
            "m.role_assignments.delete",
            "r.permissions.by_resource_id.list",
            "r.permissions.by_type_and_external_id.list",
        ]
    );
    assert_eq!(
        tools[0]["inputSchema"],
        json!({"type": "object", "properties": {"name": string, "ext": string}, "required": ["name", "ext"]})
    );
    // The same names whatever the order of the paths.
    let mut reversed = serde_json::Map::new();
    for (k, v) in document["paths"].as_object().unwrap().iter().rev() {
        reversed.insert(k.clone(), v.clone());
    }
    let mut document = document.clone();
    document["paths"] = Value::Object(reversed);
    assert_eq!(openapi(&document).unwrap(), tools);

    let twice = json!({
        "openapi": "3.1.0",
        "paths": {
            "/a/{x}": {"get": {"parameters": [path("x")], "responses": ok}},
            "/a/{y}": {"get": {"parameters": [path("y")], "responses": ok}},
            "/b/{z}": {"get": {"parameters": [path("z")], "responses": ok}},
            "/b/{z}/": {"get": {"parameters": [path("z")], "responses": ok}}
        }
    });
    assert_eq!(
        names(&openapi(&json!({"openapi": "3.1.0", "paths": {"/a/{x}": twice["paths"]["/a/{x}"], "/a/{y}": twice["paths"]["/a/{y}"]}})).unwrap()),
        ["a.by_x.get", "a.by_y.get"]
    );
    assert_eq!(
        messages(&twice),
        [
            r#"openapi error at /paths/~1b~1{z}~1/get: GET /b/{z}/ gives the tool name "b.get", as GET /b/{z} does"#
        ]
    );
}

#[test]
fn a_body_property_named_like_a_parameter() {
    let string = json!({"type": "string"});
    let document = json!({
        "openapi": "3.1.0",
        "paths": {
            "/roles/{slug}/permissions": {"post": {
                "parameters": [{"name": "slug", "in": "path", "required": true, "schema": string}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"slug": {"type": "string", "maxLength": 5}}, "required": ["slug"]}}}},
                "responses": {"200": {"description": "OK"}}
            }},
            "/token": {"post": {
                "parameters": [{"name": "code", "in": "query", "required": true, "schema": string}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"code": string, "extra": string}, "required": ["code"]}}}},
                "responses": {"200": {"description": "OK"}}
            }}
        }
    });
    let tools = openapi(&document).unwrap();
    // The path parameter is renamed (its name never reaches the wire); the body keeps `slug`.
    assert_eq!(
        tools[0]["inputSchema"],
        json!({"type": "object", "properties": {"roles_slug": string, "slug": {"type": "string", "maxLength": 5}}, "required": ["roles_slug", "slug"]})
    );
    assert_eq!(
        tools[0]["x-http"]["path"],
        "/roles/{roles_slug}/permissions"
    );
    // The query parameter and the body property are one field, sent in the query.
    assert_eq!(
        tools[1]["inputSchema"],
        json!({"type": "object", "properties": {"code": string, "extra": string}, "required": ["code"]})
    );
    assert_eq!(tools[1]["x-http"]["query"], json!({"code": {}}));
}

#[test]
fn a_body_that_is_not_a_plain_object_is_kept_whole() {
    let document = json!({
        "openapi": "3.1.0",
        "paths": {"/users/{id}": {"put": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"oneOf": [
                {"type": "object", "properties": {"role": {"type": "string"}}, "required": ["role"]},
                {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "string"}}}, "required": ["roles"]}
            ]}}}},
            "responses": {"200": {"description": "OK"}}
        }}}
    });
    let tools = openapi(&document).unwrap();
    assert_eq!(
        tools[0]["inputSchema"],
        json!({
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "required": ["id"],
            "allOf": [{"oneOf": [
                {"type": "object", "properties": {"role": {"type": "string"}}, "required": ["role"]},
                {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "string"}}}, "required": ["roles"]}
            ]}]
        })
    );
}

#[test]
fn problems_are_all_reported_with_their_pointer() {
    assert_eq!(
        messages(&json!({"openapi": "2.0", "paths": {}})),
        [r#"openapi error at /openapi: openapi "2.0" is not read (3.0 and 3.1 are)"#]
    );
    let document = json!({
        "openapi": "3.1.0",
        "paths": {
            "/a/{id}": {
                "head": {"responses": {}},
                "get": {"responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}
            },
            "/b": {"post": {
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "other.yaml#/Thing"}}}}}
            }}
        }
    });
    assert_eq!(
        messages(&document),
        [
            "openapi error at /paths/~1a~1{id}/head: HEAD operations are not imported (only GET, PUT, POST, DELETE and PATCH)",
            r#"openapi error at /paths/~1a~1{id}/get: the path parameter "id" is not described"#,
            r#"openapi error at /paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref: reference to a missing component schema "Missing""#,
            "openapi error at /paths/~1b/post/requestBody: a request body without a JSON media type is not imported",
            r#"openapi error at /paths/~1b/post/responses/200/content/application~1json/schema/$ref: reference "other.yaml#/Thing" is not to a component schema (#/components/schemas/...)"#,
        ]
    );
}

#[test]
fn a_schema_nested_past_the_limit_is_refused() {
    let mut schema = json!({"type": "string"});
    for _ in 0..=crate::MAX_JSON_DEPTH {
        schema = json!({"type": "array", "items": schema});
    }
    let document =
        json!({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"Deep": schema}}});
    let pointer = format!(
        "/components/schemas/Deep{}",
        "/items".repeat(crate::MAX_JSON_DEPTH + 1)
    );
    assert_eq!(
        messages(&document),
        [format!(
            "openapi error at {pointer}: schemas nested deeper than 128 levels"
        )]
    );
}
