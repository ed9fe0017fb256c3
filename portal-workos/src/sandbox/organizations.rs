//! The organizations the sandbox keeps: created, read, listed a page at a time, updated and
//! deleted by the `organizations.*` operations, and the ones `portal.generate_link.create` mints
//! links for.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::Response;
use serde_json::{Value, json};

use super::{answer, random};

/// The default page size of `organizations.list`, as the document states it.
const DEFAULT_LIMIT: usize = 10;

/// The external id a seeded organization has: `ext_<id>`.
pub(crate) fn seeded_external_id(id: &str) -> String {
    format!("ext_{id}")
}

/// The organizations, in the order they were made (a sequence number), with an index by id.
#[derive(Debug, Default)]
pub(crate) struct Store {
    next: u64,
    by_order: BTreeMap<u64, Value>,
    order_of: HashMap<String, u64>,
}

impl Store {
    /// A store holding one organization per id, in the ids' sorted order, each named after its
    /// id and with the external id [`seeded_external_id`].
    pub(crate) fn seeded<'a>(ids: impl IntoIterator<Item = &'a String>) -> Store {
        let mut ids: Vec<&String> = ids.into_iter().collect();
        ids.sort();
        let mut store = Store::default();
        for id in ids {
            store.add(id);
        }
        store
    }

    /// Adds a seeded organization `id`, unless it exists.
    pub(crate) fn add(&mut self, id: &str) {
        if self.contains(id) {
            return;
        }
        let now = timestamp();
        self.insert(json!({
            "object": "organization",
            "id": id,
            "name": id,
            "domains": [],
            "metadata": {},
            "external_id": seeded_external_id(id),
            "allow_profiles_outside_organization": false,
            "created_at": now,
            "updated_at": now,
        }));
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.order_of.contains_key(id)
    }

    fn insert(&mut self, organization: Value) {
        let id = organization["id"].as_str().unwrap_or_default().to_owned();
        self.order_of.insert(id, self.next);
        self.by_order.insert(self.next, organization);
        self.next += 1;
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        let order = self.order_of.get(id)?;
        self.by_order.get_mut(order)
    }

    fn remove(&mut self, id: &str) -> Option<Value> {
        let order = self.order_of.remove(id)?;
        self.by_order.remove(&order)
    }
}

/// Answers the stateful operations; `None` for any other tool.
pub(super) fn handle(store: &mut Store, tool: &str, request: &Value) -> Option<Response<Body>> {
    let id = request
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Some(match tool {
        "organizations.create" => {
            let now = timestamp();
            let id = format!("org_{}", random::alphanumeric(26).to_ascii_uppercase());
            let mut organization = json!({
                "object": "organization",
                "id": id,
                "name": "",
                "domains": [],
                "metadata": {},
                "external_id": null,
                "allow_profiles_outside_organization": false,
                "created_at": now,
                "updated_at": now,
            });
            apply(&mut organization, request, &now);
            store.insert(organization.clone());
            answer(201, organization.to_string())
        }
        "organizations.get" => match store.get_mut(id) {
            Some(organization) => answer(200, organization.to_string()),
            None => not_found(id),
        },
        "organizations.external_id.get" => {
            let external_id = request.get("external_id").and_then(Value::as_str);
            // A scan: external ids are not unique keys of this model, and the first one made wins.
            match store
                .by_order
                .values()
                .find(|o| o["external_id"].as_str() == external_id)
            {
                Some(organization) => answer(200, organization.to_string()),
                None => not_found(external_id.unwrap_or_default()),
            }
        }
        "organizations.update" => match store.get_mut(id) {
            Some(organization) => {
                apply(organization, request, &timestamp());
                answer(200, organization.to_string())
            }
            None => not_found(id),
        },
        "organizations.delete" => match store.remove(id) {
            Some(_) => answer(204, Body::empty()),
            None => not_found(id),
        },
        "organizations.list" => answer(200, list(store, request).to_string()),
        _ => return None,
    })
}

/// WorkOS's answer for an organization it does not have (the document's example message).
fn not_found(id: &str) -> Response<Body> {
    let body = json!({
        "message": format!("Organization not found: '{id}'."),
        "code": "entity_not_found",
        "entity_id": id,
    });
    answer(404, body.to_string())
}

/// Writes the request's properties into `organization` (create and update take the same ones):
/// the given ones replace, the absent ones stay.
fn apply(organization: &mut Value, request: &Value, now: &str) {
    let Some(request) = request.as_object() else {
        return;
    };
    let id = organization["id"].as_str().unwrap_or_default().to_owned();
    let Some(organization) = organization.as_object_mut() else {
        return;
    };
    for key in [
        "name",
        "allow_profiles_outside_organization",
        "stripe_customer_id",
        "external_id",
    ] {
        if let Some(value) = request.get(key) {
            organization.insert(key.to_owned(), value.clone());
        }
    }
    if let Some(metadata) = request.get("metadata") {
        // The answer's `metadata` is an object: clearing it leaves an empty one.
        let metadata = if metadata.is_null() {
            json!({})
        } else {
            metadata.clone()
        };
        organization.insert("metadata".to_owned(), metadata);
    }
    let domains: Option<Vec<(&str, &str)>> =
        match (request.get("domain_data"), request.get("domains")) {
            (Some(Value::Array(data)), _) => Some(
                data.iter()
                    .map(|d| {
                        (
                            d["domain"].as_str().unwrap_or_default(),
                            d["state"].as_str().unwrap_or("pending"),
                        )
                    })
                    .collect(),
            ),
            (_, Some(Value::Array(names))) => Some(
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|d| (d, "pending"))
                    .collect(),
            ),
            _ => None,
        };
    if let Some(domains) = domains {
        let domains: Vec<Value> = domains
            .into_iter()
            .map(|(domain, state)| {
                json!({
                    "object": "organization_domain",
                    "id": format!("org_domain_{}", random::alphanumeric(26).to_ascii_uppercase()),
                    "organization_id": id,
                    "domain": domain,
                    "state": state,
                    "verification_strategy": "dns",
                    "created_at": now,
                    "updated_at": now,
                })
            })
            .collect();
        organization.insert("domains".to_owned(), Value::Array(domains));
    }
    organization.insert("updated_at".to_owned(), now.into());
}

/// One page of `organizations.list`: the organizations that match `domains` and `search`, in
/// `order` (`desc`, newest first, unless `asc`; `normal` is `desc`), `limit` of them after the
/// `after` cursor or before the `before` one. `list_metadata.after` names the page's last
/// organization when more follow and `before` its first when some precede, so that following
/// `after` visits each organization once. A cursor naming no organization of the list gives an
/// empty page.
fn list(store: &Store, request: &Value) -> Value {
    let limit = request
        .get("limit")
        .and_then(Value::as_u64)
        .map_or(DEFAULT_LIMIT, |l| l as usize);
    let ascending = request.get("order").and_then(Value::as_str) == Some("asc");
    let domains: Option<Vec<&str>> = request
        .get("domains")
        .and_then(Value::as_array)
        .map(|d| d.iter().filter_map(Value::as_str).collect());
    let search = request
        .get("search")
        .and_then(Value::as_str)
        .map(str::to_lowercase);
    let matches = |organization: &&Value| {
        let by_domain = domains.as_ref().is_none_or(|wanted| {
            organization["domains"].as_array().is_some_and(|have| {
                have.iter()
                    .any(|d| wanted.contains(&d["domain"].as_str().unwrap_or_default()))
            })
        });
        let by_name = search.as_ref().is_none_or(|text| {
            organization["name"]
                .as_str()
                .is_some_and(|name| name.to_lowercase().contains(text))
        });
        by_domain && by_name
    };
    let mut listed: Vec<&Value> = store.by_order.values().filter(matches).collect();
    if !ascending {
        listed.reverse();
    }
    let position = |cursor: &str| listed.iter().position(|o| o["id"].as_str() == Some(cursor));
    let cursor = |key: &str| {
        request
            .get(key)
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
    };
    let (start, end) = match (cursor("after"), cursor("before")) {
        (Some(after), _) => match position(after) {
            Some(i) => (i + 1, (i + 1 + limit).min(listed.len())),
            None => (0, 0),
        },
        (None, Some(before)) => match position(before) {
            Some(i) => (i.saturating_sub(limit), i),
            None => (0, 0),
        },
        (None, None) => (0, limit.min(listed.len())),
    };
    let page = &listed[start..end];
    let id = |o: Option<&&Value>| o.and_then(|o| o["id"].as_str()).map(str::to_owned);
    let before = if start > 0 { id(page.first()) } else { None };
    let after = if end < listed.len() {
        id(page.last())
    } else {
        None
    };
    json!({
        "object": "list",
        "data": page,
        "list_metadata": {"before": before, "after": after},
    })
}

/// Now, as WorkOS writes times: `2026-01-15T12:00:00.000Z` (UTC, milliseconds).
fn timestamp() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// The Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`):
/// a few lines of arithmetic for the one date format the sandbox writes, instead of a date crate.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_468), (2026, 1, 15));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn pages_follow_the_cursors_both_ways() {
        let ids: Vec<String> = (0..5).map(|i| format!("org_{i}")).collect();
        let store = Store::seeded(&ids);
        let page = |request: Value| {
            let page = list(&store, &request);
            let ids: Vec<String> = page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_owned())
                .collect();
            (ids, page["list_metadata"].clone())
        };
        assert_eq!(
            page(json!({"limit": 2})),
            (
                vec!["org_4".to_owned(), "org_3".to_owned()],
                json!({"before": null, "after": "org_3"})
            )
        );
        assert_eq!(
            page(json!({"limit": 2, "after": "org_3"})),
            (
                vec!["org_2".to_owned(), "org_1".to_owned()],
                json!({"before": "org_2", "after": "org_1"})
            )
        );
        assert_eq!(
            page(json!({"limit": 2, "after": "org_1"})),
            (
                vec!["org_0".to_owned()],
                json!({"before": "org_0", "after": null})
            )
        );
        assert_eq!(
            page(json!({"limit": 2, "before": "org_2", "order": "desc"})),
            (
                vec!["org_4".to_owned(), "org_3".to_owned()],
                json!({"before": null, "after": "org_3"})
            )
        );
        assert_eq!(
            page(json!({"limit": 3, "order": "asc", "search": "ORG_"})),
            (
                vec!["org_0".to_owned(), "org_1".to_owned(), "org_2".to_owned()],
                json!({"before": null, "after": "org_2"})
            )
        );
        assert_eq!(
            page(json!({"after": "org_gone"})),
            (vec![], json!({"before": null, "after": null}))
        );
    }
}
