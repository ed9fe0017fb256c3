#!/usr/bin/env python3
"""Writes a synthetic catalog of N realistic MCP tools to OUT_DIR, deterministically.

    scripts/synthetic-catalog.py N OUT_DIR

The tools are CRUD operations (create, get, list, update, delete) on the resources of an imagined
API in the manner of GitHub, Linear and Stripe, followed by a few actions per resource (archive,
search, export, ...). Resources come in a fixed order, so the first N tools of any run are the same
and a smaller catalog is a prefix of a larger one. Every tool is one catalog file
(`<tool>.json`, the tool as an MCP server publishes it), written as the catalog folder's writer
writes it: pretty JSON with two spaces, keys in the published order, a final newline. A
`catalog.json` holds the provider's facts.

The shapes: strings with formats, patterns and lengths, enums, nullable fields, nested objects,
bounded arrays, maps, unions (a tagged `oneOf`, an `anyOf` of types), shared `$defs` (each
resource's object, the user it refers to and the pagination object are the same subschema in
every tool that returns them), `outputSchema`s, `x-http` bindings with path parameters, query
parameters, success statuses and pagination, and MCP annotations.

Python 3.11, standard library only. Running it twice gives the same bytes.
"""

import json
import os
import sys

HTTP_BASE = "https://api.example.com/v1"
DOCS_BASE = "https://docs.example.com/api/"


def camel(snake):
    return "".join(part.capitalize() for part in snake.split("_"))


def words(snake):
    return snake.replace("_", " ")


# Field kinds: each gives the property's schema. Descriptions are short, as real servers' are.
def f_id(prefix, what):
    return {
        "type": "string",
        "pattern": f"^{prefix}_[0-9A-Za-z]{{24}}$",
        "description": f"The unique identifier of the {what}.",
    }


def f_name(max_length=200, what="name"):
    return {"type": "string", "minLength": 1, "maxLength": max_length, "description": f"The {what}."}


def f_text(max_length, what):
    return {"type": ["string", "null"], "maxLength": max_length, "description": f"The {what}, or null."}


def f_enum(values, what, default=None):
    schema = {"type": "string", "enum": values, "description": f"The {what}."}
    if default is not None:
        schema["default"] = default
    return schema


def f_format(fmt, what, max_length=None, nullable=False):
    schema = {"type": ["string", "null"] if nullable else "string", "format": fmt}
    if max_length is not None:
        schema["maxLength"] = max_length
    schema["description"] = f"The {what}."
    return schema


def f_int(what, minimum=None, maximum=None):
    schema = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    schema["description"] = f"The {what}."
    return schema


def f_bool(what):
    return {"type": "boolean", "description": f"Whether {what}."}


def f_labels(what="labels"):
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "maxLength": 50},
        "maxItems": 20,
        "uniqueItems": True,
        "description": f"The {what}.",
    }


def f_metadata():
    return {
        "type": "object",
        "additionalProperties": {"type": "string", "maxLength": 500},
        "maxProperties": 50,
        "description": "Set of key-value pairs for storing additional information.",
    }


def f_address():
    return {
        "type": "object",
        "properties": {
            "line1": {"type": "string", "minLength": 1, "maxLength": 200},
            "line2": {"type": ["string", "null"], "maxLength": 200},
            "city": {"type": "string", "minLength": 1, "maxLength": 100},
            "postal_code": {"type": "string", "maxLength": 20},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code."},
        },
        "required": ["line1", "city", "country"],
        "additionalProperties": False,
        "description": "A postal address.",
    }


def f_currency():
    return {"type": "string", "pattern": "^[a-z]{3}$", "description": "Three-letter ISO currency code, lowercase."}


def f_color():
    return {"type": "string", "pattern": "^#[0-9a-f]{6}$", "description": "A hex color such as `#1f6feb`."}


def f_payment_method():
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "type": {"const": "card"},
                    "last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                    "exp_month": {"type": "integer", "minimum": 1, "maximum": 12},
                    "exp_year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                },
                "required": ["type", "last4", "exp_month", "exp_year"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {
                    "type": {"const": "bank_account"},
                    "routing_number": {"type": "string", "pattern": "^[0-9]{9}$"},
                    "account_last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                },
                "required": ["type", "routing_number", "account_last4"],
                "additionalProperties": False,
            },
        ],
        "description": "How the payment is made.",
    }


def f_channel():
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "kind": {"const": "email"},
                    "address": {"type": "string", "format": "email", "maxLength": 320},
                },
                "required": ["kind", "address"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {
                    "kind": {"const": "slack"},
                    "channel": {"type": "string", "pattern": "^#[a-z0-9_-]{1,80}$"},
                },
                "required": ["kind", "channel"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {
                    "kind": {"const": "webhook"},
                    "url": {"type": "string", "format": "uri", "maxLength": 2048},
                    "secret": {"type": ["string", "null"], "minLength": 16, "maxLength": 128},
                },
                "required": ["kind", "url"],
                "additionalProperties": False,
            },
        ],
        "description": "Where the notification goes.",
    }


def f_schedule():
    return {
        "anyOf": [
            {"type": "string", "pattern": "^[0-9*/,-]+( [0-9*/,-]+){4}$", "description": "A cron expression."},
            {"type": "integer", "minimum": 60, "maximum": 86400, "description": "An interval in seconds."},
        ],
        "description": "When the job runs: a cron expression or an interval in seconds.",
    }


def f_user_ref():
    return {"$ref": "#/$defs/User"}


def f_owner_id():
    return f_id("usr", "user who owns it")


# The resources, in the order their tools are written. Each: (singular, plural, id prefix, fields,
# parent, actions). Fields are (name, schema, required on create). `parent` is the singular name of
# the resource the path nests under; `actions` are extra tools beyond CRUD.
RESOURCES = [
    ("user", "users", "usr", [
        ("email", f_format("email", "email address", 320), True),
        ("first_name", f_name(100, "first name"), False),
        ("last_name", f_name(100, "last name"), False),
        ("avatar_url", f_format("uri", "avatar's URL", 2048, nullable=True), False),
        ("role", f_enum(["admin", "member", "guest"], "role", "member"), False),
    ], None, ["search", "deactivate"]),
    ("project", "projects", "prj", [
        ("name", f_name(), True),
        ("description", f_text(2000, "description"), False),
        ("state", f_enum(["planned", "started", "paused", "completed", "canceled"], "state", "planned"), False),
        ("target_date", f_format("date", "target date", nullable=True), False),
        ("owner", f_user_ref(), False),
        ("labels", f_labels(), False),
    ], None, ["archive", "restore"]),
    ("issue", "issues", "iss", [
        ("title", f_name(256, "title"), True),
        ("body", f_text(65536, "body in Markdown"), False),
        ("priority", f_int("priority, 0 (none) to 4 (low)", 0, 4), False),
        ("estimate", {"type": ["integer", "null"], "minimum": 0, "maximum": 100, "description": "The estimate in points, or null."}, False),
        ("assignee", f_user_ref(), False),
        ("labels", f_labels(), False),
        ("due_date", f_format("date", "due date", nullable=True), False),
    ], "project", ["search", "transition"]),
    ("comment", "comments", "cmt", [
        ("body", {"type": "string", "minLength": 1, "maxLength": 65536, "description": "The comment in Markdown."}, True),
        ("author", f_user_ref(), False),
        ("edited_at", f_format("date-time", "time of the last edit", nullable=True), False),
    ], "issue", []),
    ("payment", "payments", "pay", [
        ("amount", f_int("amount in the smallest currency unit", 1, 99999999), True),
        ("currency", f_currency(), True),
        ("payment_method", f_payment_method(), True),
        ("description", f_text(1000, "description"), False),
        ("metadata", f_metadata(), False),
    ], None, ["capture", "search"]),
    ("notification_rule", "notification_rules", "ntr", [
        ("name", f_name(), True),
        ("events", {"type": "array", "items": {"type": "string", "enum": ["issue.created", "issue.closed", "comment.created", "deployment.failed", "payment.failed"]}, "minItems": 1, "maxItems": 5, "uniqueItems": True, "description": "The events that trigger it."}, True),
        ("channel", f_channel(), True),
        ("enabled", f_bool("the rule is active"), False),
    ], None, ["test"]),
    ("customer", "customers", "cus", [
        ("email", f_format("email", "email address", 320, nullable=True), False),
        ("name", f_name(256), True),
        ("phone", {"type": ["string", "null"], "pattern": "^\\+[1-9][0-9]{6,14}$", "description": "The phone number in E.164 form, or null."}, False),
        ("address", f_address(), False),
        ("balance", f_int("balance in the smallest currency unit"), False),
        ("metadata", f_metadata(), False),
    ], None, ["search"]),
    ("scheduled_job", "scheduled_jobs", "job", [
        ("name", f_name(), True),
        ("schedule", f_schedule(), True),
        ("command", {"type": "array", "items": {"type": "string", "maxLength": 1024}, "minItems": 1, "maxItems": 32, "description": "The command and its arguments."}, True),
        ("timeout_seconds", f_int("timeout in seconds", 1, 3600), False),
        ("paused", f_bool("the job is paused"), False),
    ], None, ["run"]),
    ("team", "teams", "team", [
        ("name", f_name(100), True),
        ("key", {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,9}$", "description": "The short key issues are numbered with."}, True),
        ("description", f_text(1000, "description"), False),
        ("color", f_color(), False),
        ("lead", f_user_ref(), False),
    ], None, ["archive"]),
    ("label", "labels", "lbl", [
        ("name", f_name(50), True),
        ("color", f_color(), True),
        ("description", f_text(200, "description"), False),
    ], None, []),
    ("milestone", "milestones", "mst", [
        ("title", f_name(256, "title"), True),
        ("description", f_text(2000, "description"), False),
        ("due_on", f_format("date-time", "due time", nullable=True), False),
        ("state", f_enum(["open", "closed"], "state", "open"), False),
    ], "project", []),
    ("repository", "repositories", "repo", [
        ("name", {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,100}$", "description": "The repository's name."}, True),
        ("description", f_text(350, "description"), False),
        ("homepage", f_format("uri", "homepage", 2048, nullable=True), False),
        ("visibility", f_enum(["public", "private", "internal"], "visibility", "private"), False),
        ("default_branch", {"type": "string", "minLength": 1, "maxLength": 255, "default": "main", "description": "The default branch."}, False),
        ("topics", {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,49}$"}, "maxItems": 20, "uniqueItems": True, "description": "The topics."}, False),
    ], None, ["archive", "transfer"]),
    ("branch", "branches", "br", [
        ("name", {"type": "string", "minLength": 1, "maxLength": 255, "description": "The branch name."}, True),
        ("sha", {"type": "string", "pattern": "^[0-9a-f]{40}$", "description": "The commit the branch points at."}, True),
        ("protected", f_bool("the branch is protected"), False),
    ], "repository", []),
    ("pull_request", "pull_requests", "pr", [
        ("title", f_name(256, "title"), True),
        ("head", {"type": "string", "minLength": 1, "maxLength": 255, "description": "The branch with the changes."}, True),
        ("base", {"type": "string", "minLength": 1, "maxLength": 255, "description": "The branch to merge into."}, True),
        ("body", f_text(65536, "description in Markdown"), False),
        ("draft", f_bool("the pull request is a draft"), False),
        ("reviewers", {"type": "array", "items": f_user_ref(), "maxItems": 15, "description": "The requested reviewers."}, False),
    ], "repository", ["merge"]),
    ("release", "releases", "rel", [
        ("tag_name", {"type": "string", "pattern": "^v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$", "description": "The tag, a semantic version."}, True),
        ("name", f_name(256), False),
        ("notes", f_text(125000, "release notes"), False),
        ("prerelease", f_bool("it is a prerelease"), False),
        ("published_at", f_format("date-time", "publication time", nullable=True), False),
    ], "repository", ["publish"]),
    ("webhook", "webhooks", "wh", [
        ("url", f_format("uri", "endpoint URL", 2048), True),
        ("events", {"type": "array", "items": {"type": "string", "pattern": "^[a-z_]+\\.[a-z_]+$"}, "minItems": 1, "maxItems": 50, "uniqueItems": True, "description": "The events delivered."}, True),
        ("secret", {"type": "string", "minLength": 16, "maxLength": 128, "description": "The signing secret.", "x-secret": True}, False),
        ("active", f_bool("deliveries are sent"), False),
    ], None, ["test"]),
    ("invoice", "invoices", "inv", [
        ("customer_id", f_id("cus", "customer billed"), True),
        ("currency", f_currency(), True),
        ("due_date", f_format("date", "due date", nullable=True), False),
        ("status", f_enum(["draft", "open", "paid", "void", "uncollectible"], "status", "draft"), False),
        ("lines", {"type": "array", "items": {"type": "object", "properties": {"description": {"type": "string", "maxLength": 500}, "quantity": {"type": "integer", "minimum": 1, "maximum": 10000}, "unit_amount": {"type": "integer", "minimum": 0}}, "required": ["description", "quantity", "unit_amount"], "additionalProperties": False}, "maxItems": 250, "description": "The invoice's lines."}, False),
        ("metadata", f_metadata(), False),
    ], None, ["finalize", "void"]),
    ("subscription", "subscriptions", "sub", [
        ("customer_id", f_id("cus", "customer subscribed"), True),
        ("price_id", f_id("price", "price subscribed to"), True),
        ("quantity", f_int("quantity", 1, 10000), False),
        ("trial_end", f_format("date-time", "end of the trial", nullable=True), False),
        ("cancel_at_period_end", f_bool("it ends at the end of the period"), False),
    ], None, ["cancel"]),
    ("product", "products", "prod", [
        ("name", f_name(250), True),
        ("description", f_text(5000, "description"), False),
        ("active", f_bool("it can be sold"), False),
        ("images", {"type": "array", "items": {"type": "string", "format": "uri", "maxLength": 2048}, "maxItems": 8, "description": "The image URLs."}, False),
        ("metadata", f_metadata(), False),
    ], None, ["search"]),
    ("price", "prices", "price", [
        ("product_id", f_id("prod", "product priced"), True),
        ("unit_amount", f_int("amount in the smallest currency unit", 0, 99999999), True),
        ("currency", f_currency(), True),
        ("interval", f_enum(["day", "week", "month", "year"], "billing interval"), False),
        ("nickname", f_text(100, "nickname"), False),
    ], None, []),
    ("coupon", "coupons", "cpn", [
        ("code", {"type": "string", "pattern": "^[A-Z0-9]{4,20}$", "description": "The code customers enter."}, True),
        ("percent_off", {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "description": "The percentage taken off."}, False),
        ("duration", f_enum(["once", "repeating", "forever"], "duration", "once"), False),
        ("max_redemptions", f_int("maximum number of redemptions", 1), False),
        ("redeem_by", f_format("date-time", "last redemption time", nullable=True), False),
    ], None, []),
    ("refund", "refunds", "re", [
        ("amount", f_int("amount refunded in the smallest currency unit", 1), False),
        ("reason", f_enum(["duplicate", "fraudulent", "requested_by_customer"], "reason"), True),
        ("metadata", f_metadata(), False),
    ], "payment", []),
    ("organization", "organizations", "org", [
        ("name", f_name(), True),
        ("domains", {"type": "array", "items": {"type": "string", "format": "hostname", "maxLength": 253}, "maxItems": 50, "uniqueItems": True, "description": "The organization's domains."}, False),
        ("allow_profiles_outside_organization", f_bool("users outside its domains may sign in"), False),
        ("billing_email", f_format("email", "billing email", 320, nullable=True), False),
        ("address", f_address(), False),
    ], None, ["search"]),
    ("member", "members", "mem", [
        ("user_id", f_id("usr", "user"), True),
        ("role", f_enum(["owner", "admin", "member", "billing"], "role", "member"), False),
        ("invited_by", f_user_ref(), False),
    ], "organization", []),
    ("api_key", "api_keys", "key", [
        ("name", f_name(100), True),
        ("scopes", {"type": "array", "items": {"type": "string", "enum": ["read", "write", "admin", "billing"]}, "minItems": 1, "maxItems": 4, "uniqueItems": True, "description": "What the key may do."}, True),
        ("expires_at", f_format("date-time", "expiry", nullable=True), False),
    ], None, ["rotate"]),
    ("document", "documents", "doc", [
        ("title", f_name(256, "title"), True),
        ("content", f_text(1000000, "content in Markdown"), False),
        ("folder_id", {"type": ["string", "null"], "pattern": "^fld_[0-9A-Za-z]{24}$", "description": "The folder it is in, or null."}, False),
        ("author", f_user_ref(), False),
        ("shared", f_bool("everyone in the organization can read it"), False),
    ], None, ["search", "export"]),
    ("folder", "folders", "fld", [
        ("name", f_name(200), True),
        ("parent_id", {"type": ["string", "null"], "pattern": "^fld_[0-9A-Za-z]{24}$", "description": "The enclosing folder, or null."}, False),
        ("color", f_color(), False),
    ], None, []),
    ("environment", "environments", "env", [
        ("name", {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,31}$", "description": "The environment's name."}, True),
        ("region", f_enum(["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"], "region"), True),
        ("protected", f_bool("deployments need an approval"), False),
    ], None, []),
    ("deployment", "deployments", "dpl", [
        ("ref", {"type": "string", "minLength": 1, "maxLength": 255, "description": "The branch, tag or commit deployed."}, True),
        ("environment_id", f_id("env", "environment deployed to"), True),
        ("status", f_enum(["queued", "in_progress", "success", "failure", "canceled"], "status", "queued"), False),
        ("log_url", f_format("uri", "log's URL", 2048, nullable=True), False),
        ("variables", {"type": "object", "additionalProperties": {"type": "string", "maxLength": 4096}, "propertyNames": {"pattern": "^[A-Z_][A-Z0-9_]*$"}, "maxProperties": 100, "description": "Variables set for this deployment."}, False),
    ], None, ["cancel", "rollback"]),
    ("secret", "secrets", "sec", [
        ("name", {"type": "string", "pattern": "^[A-Z_][A-Z0-9_]{0,127}$", "description": "The secret's name."}, True),
        ("value", {"type": "string", "minLength": 1, "maxLength": 65536, "description": "The secret's value.", "x-secret": True}, True),
    ], "environment", []),
    ("audit_event", "audit_events", "evt", [
        ("action", {"type": "string", "pattern": "^[a-z_]+\\.[a-z_]+$", "description": "What was done, as `resource.verb`."}, True),
        ("actor", f_user_ref(), True),
        ("ip_address", f_format("ipv4", "IP address of the actor", nullable=True), False),
        ("occurred_at", f_format("date-time", "time it happened"), True),
    ], None, ["export"]),
    ("attachment", "attachments", "att", [
        ("filename", {"type": "string", "minLength": 1, "maxLength": 255, "description": "The file's name."}, True),
        ("content_type", {"type": "string", "pattern": "^[a-z]+/[a-z0-9.+-]+$", "description": "The media type."}, True),
        ("size", f_int("size in bytes", 0, 104857600), True),
        ("url", f_format("uri", "download URL", 2048), False),
    ], "issue", []),
    ("cycle", "cycles", "cyc", [
        ("name", f_text(100, "name"), False),
        ("number", f_int("number within the team", 1), True),
        ("starts_at", f_format("date-time", "start"), True),
        ("ends_at", f_format("date-time", "end"), True),
    ], "team", ["complete"]),
    ("tax_rate", "tax_rates", "txr", [
        ("display_name", f_name(50, "name shown on invoices"), True),
        ("percentage", {"type": "number", "minimum": 0, "maximum": 100, "description": "The rate in percent."}, True),
        ("inclusive", f_bool("prices include it"), True),
        ("country", {"type": ["string", "null"], "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code, or null."}, False),
        ("jurisdiction", f_text(50, "jurisdiction"), False),
    ], None, ["archive"]),
]

PAGINATION = {
    "type": "object",
    "properties": {
        "before": {"type": ["string", "null"], "description": "The cursor of the previous page, or null on the first."},
        "after": {"type": ["string", "null"], "description": "The cursor of the next page, or null on the last."},
    },
    "required": ["before", "after"],
    "description": "Cursors for the neighbouring pages.",
}


def user_object():
    fields = RESOURCES[0][3]
    return resource_object(("user", "users", "usr", fields, None, []), with_defs=False)


def refers_to_user(fields):
    text = json.dumps([schema for _, schema, _ in fields])
    return "#/$defs/User" in text


def resource_object(resource, with_defs=True):
    """The object a resource's tools return: the same in every tool that returns it."""
    singular, plural, prefix, fields, parent, _ = resource
    properties = {
        "id": f_id(prefix, words(singular)),
        "object": {"type": "string", "const": singular, "description": "Always `" + singular + "`."},
    }
    if parent is not None:
        parent_prefix = next(r[2] for r in RESOURCES if r[0] == parent)
        properties[f"{parent}_id"] = f_id(parent_prefix, words(parent))
    for name, schema, _ in fields:
        properties[name] = schema
    properties["created_at"] = f_format("date-time", "creation time")
    properties["updated_at"] = f_format("date-time", "time of the last change")
    required = ["id", "object"]
    required += [f"{parent}_id"] if parent is not None else []
    required += [name for name, _, req in fields if req]
    required += ["created_at", "updated_at"]
    obj = {
        "title": camel(singular),
        "type": "object",
        "description": f"A {words(singular)}.",
        "properties": properties,
        "required": required,
    }
    if with_defs and singular != "user" and refers_to_user(fields):
        obj["$defs"] = {"User": user_object()}
    return obj


def path_params(resource, with_id):
    """The path and its parameters: the parent's id, then the resource's own."""
    singular, plural, prefix, _, parent, _ = resource
    params = {}
    path = ""
    if parent is not None:
        parent_resource = next(r for r in RESOURCES if r[0] == parent)
        params[f"{parent}_id"] = f_id(parent_resource[2], words(parent))
        path = f"/{parent_resource[1]}/{{{parent}_id}}"
    path += f"/{plural}"
    if with_id:
        params["id"] = f_id(prefix, words(singular))
        path += "/{id}"
    return path, params


def writable(fields):
    """A field as a request sends it: a reference to a user becomes the user's id."""
    out = []
    for name, schema, required in fields:
        if schema == f_user_ref():
            out.append((f"{name}_id", f_id("usr", words(name)), required))
        elif schema.get("items") == f_user_ref():
            items = dict(schema)
            items["items"] = f_id("usr", "user")
            out.append((f"{name[:-1]}_ids" if name.endswith("s") else f"{name}_ids", items, required))
        else:
            out.append((name, schema, required))
    return out


def list_output(resource):
    singular, plural = resource[0], resource[1]
    defs = {camel(singular): resource_object(resource, with_defs=False), "ListMetadata": PAGINATION}
    if singular != "user" and refers_to_user(resource[3]):
        defs["User"] = user_object()
    return {
        "title": camel(singular) + "List",
        "type": "object",
        "description": f"A page of {words(plural)}.",
        "properties": {
            "object": {"type": "string", "const": "list"},
            "data": {"type": "array", "items": {"$ref": f"#/$defs/{camel(singular)}"}},
            "list_metadata": {"$ref": "#/$defs/ListMetadata"},
        },
        "required": ["object", "data", "list_metadata"],
        "$defs": defs,
    }


def page_inputs():
    return {
        "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10, "description": "How many to return per page."},
        "before": {"type": "string", "maxLength": 256, "description": "A cursor: return the page before this one."},
        "after": {"type": "string", "maxLength": 256, "description": "A cursor: return the page after this one."},
        "order": {"type": "string", "enum": ["asc", "desc"], "default": "desc", "description": "Order by creation time."},
    }

# One valid instance of each schema, stated as the schema's `examples` (as API documents do):
# what the example server answers with and what the catalog tests send. Patterns are read from
# this table, so a pattern added above without an example fails here rather than later.
PATTERN_EXAMPLES = {
    "^[A-Z]{2}$": "US",
    "^[a-z]{3}$": "usd",
    "^#[0-9a-f]{6}$": "#1f6feb",
    "^[0-9]{4}$": "4242",
    "^[0-9]{9}$": "110000000",
    "^#[a-z0-9_-]{1,80}$": "#general",
    "^[0-9*/,-]+( [0-9*/,-]+){4}$": "0 9 * * 1",
    "^\\+[1-9][0-9]{6,14}$": "+14155550100",
    "^[A-Z][A-Z0-9]{1,9}$": "ENG",
    "^[A-Za-z0-9_.-]{1,100}$": "portal",
    "^[a-z0-9][a-z0-9-]{0,49}$": "rust",
    "^[0-9a-f]{40}$": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "^v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$": "v1.2.3",
    "^[a-z_]+\\.[a-z_]+$": "issue.created",
    "^[A-Z0-9]{4,20}$": "SPRING25",
    "^[A-Z_][A-Z0-9_]*$": "RUST_LOG",
    "^[A-Z_][A-Z0-9_]{0,127}$": "RUST_LOG",
    "^[A-Za-z0-9-]{1,39}$": "octocat",
    "^[a-z]+/[a-z0-9.+-]+$": "image/png",
    "^[a-z][a-z0-9-]{0,31}$": "web",
}
FORMAT_EXAMPLES = {
    "date": "2026-01-01",
    "date-time": "2026-01-01T00:00:00Z",
    "email": "ada@example.com",
    "uri": "https://example.com/a",
    "hostname": "example.com",
}


def example(schema, defs):
    if "$ref" in schema:
        return example(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return example(schema[key][0], defs)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example(props[k], defs) for k in props if k in schema.get("required", [])}
    if kind == "array":
        items = schema.get("items", {})
        count = schema.get("minItems", 0)
        if count > 1:
            raise ValueError("an example needs distinct items: %r" % schema)
        return [example(items, defs) for _ in range(count)]
    if kind == "string":
        if "pattern" in schema:
            pattern = schema["pattern"]
            if pattern.endswith("_[0-9A-Za-z]{24}$"):
                return pattern[1:-len("_[0-9A-Za-z]{24}$")] + "_01HZX3T9Q8W7E6R5T4Y3U2I1O0"[:25]
            return PATTERN_EXAMPLES[pattern]
        if "format" in schema:
            return FORMAT_EXAMPLES[schema["format"]]
        return "a" * max(1, schema.get("minLength", 1))
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    raise ValueError("no example for %r" % schema)


def tool(name, title, description, input_properties, required, output, http, annotations):
    t = {"name": name, "title": title, "description": description}
    schema = {"type": "object", "properties": input_properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    schema["examples"] = [example(schema, {})]
    t["inputSchema"] = schema
    if output is not None:
        output["examples"] = [example(output, output.get("$defs", {}))]
        t["outputSchema"] = output
    t["annotations"] = annotations
    t["x-http"] = http
    return t


READ = {"readOnlyHint": True, "openWorldHint": False}
WRITE = {"readOnlyHint": False, "destructiveHint": False, "idempotentHint": False, "openWorldHint": False}
IDEMPOTENT = {"readOnlyHint": False, "destructiveHint": False, "idempotentHint": True, "openWorldHint": False}
DESTRUCTIVE = {"readOnlyHint": False, "destructiveHint": True, "idempotentHint": True, "openWorldHint": False}


def crud(resource):
    singular, plural, _, fields, parent, _ = resource
    what, whats = words(singular), words(plural)
    obj = resource_object(resource)
    tools = []

    path, params = path_params(resource, with_id=False)
    props = dict(params)
    body = writable(fields)
    for name, schema, _ in body:
        props[name] = schema
    required = list(params) + [name for name, _, req in body if req]
    tools.append(tool(
        f"create_{singular}", f"Create {what}", f"Creates a {what}.", props, required, obj,
        {"method": "POST", "path": path, "status": 201}, WRITE))

    path, params = path_params(resource, with_id=True)
    tools.append(tool(
        f"get_{singular}", f"Get {what}", f"Retrieves a {what} by its id.", dict(params), list(params), obj,
        {"method": "GET", "path": path, "status": 200}, READ))

    path, params = path_params(resource, with_id=False)
    props = dict(params)
    query = {}
    page = page_inputs()
    for name in page:
        props[name] = page[name]
        query[name] = {}
    for name, schema, _ in fields:
        if schema.get("enum") is not None and schema.get("type") == "string":
            props[name] = {"type": "array", "items": {"type": "string", "enum": schema["enum"]}, "maxItems": len(schema["enum"]), "uniqueItems": True, "description": f"Only {whats} with one of these values of `{name}`."}
            query[name] = {"style": "form", "explode": False}
            break
    tools.append(tool(
        f"list_{plural}", f"List {whats}", f"Lists {whats}, newest first unless `order` says otherwise.", props, list(params), list_output(resource),
        {"method": "GET", "path": path, "status": 200, "query": query,
         "paginated": {"cursor": "after", "items": "/data", "next": "/list_metadata/after"}}, READ))

    path, params = path_params(resource, with_id=True)
    props = dict(params)
    for name, schema, _ in body:
        props[name] = schema
    tools.append(tool(
        f"update_{singular}", f"Update {what}", f"Updates a {what}; fields left out keep their value.", props, list(params), obj,
        {"method": "PATCH", "path": path, "status": 200}, IDEMPOTENT))

    tools.append(tool(
        f"delete_{singular}", f"Delete {what}", f"Permanently deletes a {what}. This cannot be undone.", dict(params), list(params), None,
        {"method": "DELETE", "path": path, "status": 204}, DESTRUCTIVE))
    return tools


def action(resource, verb):
    singular, plural, _, fields, parent, _ = resource
    what, whats = words(singular), words(plural)
    obj = resource_object(resource)
    path, params = path_params(resource, with_id=True)
    props = dict(params)
    required = list(params)
    annotations = WRITE
    output = obj
    method, status = "POST", 200
    http_path = f"{path}/{verb}"
    query = None
    if verb == "search":
        path, params = path_params(resource, with_id=False)
        props = dict(params)
        props["query"] = {"type": "string", "minLength": 1, "maxLength": 256, "description": "The search terms."}
        props["limit"] = page_inputs()["limit"]
        props["after"] = page_inputs()["after"]
        required = list(params) + ["query"]
        output = list_output(resource)
        method, http_path, annotations = "GET", f"{path}/search", READ
        query = {"query": {}, "limit": {}, "after": {}}
        description = f"Searches {whats} by their text fields."
    elif verb == "export":
        path, params = path_params(resource, with_id=False)
        props = dict(params)
        props["format"] = {"type": "string", "enum": ["csv", "json", "ndjson"], "default": "csv", "description": "The file format."}
        props["created_after"] = {"type": "string", "format": "date-time", "description": "Only those created after this time."}
        required = list(params)
        output = {
            "title": "Export",
            "type": "object",
            "properties": {
                "url": {"type": "string", "format": "uri", "description": "Where to download the file.", "x-secret": True},
                "expires_at": {"type": "string", "format": "date-time", "description": "When the URL stops working."},
                "rows": {"type": "integer", "minimum": 0, "description": "How many rows it holds."},
            },
            "required": ["url", "expires_at", "rows"],
        }
        http_path, status = f"{path}/export", 202
        description = f"Exports {whats} to a file and returns a link to it."
    elif verb == "transfer":
        props["new_owner"] = {"type": "string", "pattern": "^[A-Za-z0-9-]{1,39}$", "description": "The user or organization that will own it."}
        props["new_name"] = {"type": ["string", "null"], "maxLength": 100, "description": "A new name, or null to keep it."}
        required.append("new_owner")
        description = f"Transfers a {what} to another owner."
    elif verb == "transition":
        props["state"] = {"type": "string", "enum": ["backlog", "todo", "in_progress", "in_review", "done", "canceled"], "description": "The state to move to."}
        props["comment"] = {"type": "string", "maxLength": 65536, "description": "A comment to add with the change."}
        required.append("state")
        description = f"Moves a {what} to another workflow state."
    elif verb == "test":
        output = {
            "title": "TestDelivery",
            "type": "object",
            "properties": {
                "delivered": {"type": "boolean"},
                "status_code": {"type": ["integer", "null"], "minimum": 100, "maximum": 599},
                "duration_ms": {"type": "integer", "minimum": 0},
            },
            "required": ["delivered", "status_code", "duration_ms"],
        }
        description = f"Sends a test event through a {what}."
    elif verb == "run":
        props["dry_run"] = {"type": "boolean", "default": False, "description": "Check the job without running it."}
        description = f"Runs a {what} now, outside its schedule."
        status = 202
    elif verb in ("cancel", "void", "deactivate", "rollback"):
        props["reason"] = {"type": "string", "maxLength": 500, "description": "Why, for the audit log."}
        annotations = DESTRUCTIVE
        description = f"Rolls back a {what} to the one before it."
        if verb == "cancel":
            description = f"Cancels a {what}."
        elif verb == "void":
            description = f"Voids a {what}."
        elif verb == "deactivate":
            description = f"Deactivates a {what}; it can no longer sign in."
    elif verb == "merge":
        props["merge_method"] = {"type": "string", "enum": ["merge", "squash", "rebase"], "default": "merge", "description": "How to merge."}
        props["commit_title"] = {"type": "string", "maxLength": 256, "description": "The merge commit's title."}
        props["sha"] = {"type": "string", "pattern": "^[0-9a-f]{40}$", "description": "The head commit that must match."}
        description = f"Merges a {what}."
    elif verb == "capture":
        props["amount"] = {"type": "integer", "minimum": 1, "description": "The amount to capture; the whole by default."}
        description = f"Captures an authorized {what}."
    elif verb == "rotate":
        props["expire_previous_in"] = {"type": "integer", "minimum": 0, "maximum": 604800, "default": 0, "description": "Seconds the previous key keeps working."}
        description = f"Rotates an {what}: a new secret, the previous one expiring."
    else:  # archive, restore, publish, finalize
        description = {"archive": f"Archives a {what}; it is hidden but kept.",
                       "restore": f"Restores an archived {what}.",
                       "publish": f"Publishes a draft {what}.",
                       "finalize": f"Finalizes a draft {what} so it can be paid.",
                       "complete": f"Completes a {what}; its open issues move to the next one.",
                       }[verb]
        annotations = IDEMPOTENT
    http = {"method": method, "path": http_path, "status": status}
    if query is not None:
        http["query"] = query
    name = f"{verb}_{plural}" if verb in ("search", "export") else f"{verb}_{singular}"
    title = f"{camel(verb)} {whats if verb in ('search', 'export') else what}"
    return tool(name, title, description, props, required, output, http, annotations)


def all_tools():
    for resource in RESOURCES:
        yield from crud(resource)
        for verb in resource[5]:
            yield action(resource, verb)


def tool_text(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: synthetic-catalog.py N OUT_DIR")
    n = int(sys.argv[1])
    out = sys.argv[2]
    tools = list(all_tools())
    if not 0 < n <= len(tools):
        sys.exit(f"N must be between 1 and {len(tools)}")
    names = [t["name"] for t in tools]
    assert len(set(names)) == len(names), "tool names collide"
    os.makedirs(out, exist_ok=True)
    for stale in os.listdir(out):
        if stale.endswith(".json"):
            os.remove(os.path.join(out, stale))
    facts = {
        "name": "synthetic",
        "x-docs-base": DOCS_BASE,
        "x-http-base": HTTP_BASE,
        "x-credential-header": "Authorization",
    }
    with open(os.path.join(out, "catalog.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(tool_text(facts))
    for t in tools[:n]:
        with open(os.path.join(out, t["name"] + ".json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(tool_text(t))


if __name__ == "__main__":
    main()
