//! From a tool name to its generated request type: `portal_workos::api::visit` hands every tool's
//! type to [`Find`], which keeps the functions instantiated for the one named. Each decodes and
//! validates the request with the generated type, then prints it (`--dry-run`) or sends it.

use std::process::ExitCode;

use futures_util::StreamExt;
use portal_runtime::{CatalogTool, FromJson, Operation, Paginated, Visit};
use serde::Serialize;
use serde_json::Value;

use super::Context;
use crate::outcome::{EXIT_TRANSPORT, fail, failed, invalid};

/// The request as read from the command line.
pub enum Input {
    /// JSON text, decoded by the request type itself (no `--set`: repeated properties and syntax
    /// errors are reported as the type reports them).
    Text(String),
    /// A value already read strictly (repeats refused) and changed by `--set`.
    Value(Value),
}

impl Input {
    fn decode<O: FromJson>(&self) -> Result<O, portal_runtime::Violations> {
        match self {
            Input::Text(text) => O::from_json(text),
            Input::Value(value) => O::from_json_value(value),
        }
    }
}

/// Runs one tool: decodes `Input` with its type, and prints or sends it.
pub type Run = fn(&Input, &Context) -> ExitCode;

/// The functions of one tool.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Sends one request and prints its output.
    pub send: Run,
    /// For a list tool: follows its pages and prints their items (`--all`).
    pub all: Option<Run>,
}

/// The visitor that finds the tool named `name`.
pub struct Find<'a> {
    pub name: &'a str,
    pub entry: Option<Entry>,
}

impl Visit for Find<'_> {
    fn tool<O>(&mut self, tool: &'static CatalogTool)
    where
        O: Operation + FromJson + 'static,
        O::Output: Serialize + 'static,
    {
        if tool.name == self.name {
            self.entry = Some(Entry {
                send: send::<O>,
                all: None,
            });
        }
    }

    fn paginated<O>(&mut self, tool: &'static CatalogTool)
    where
        O: Paginated + FromJson + 'static,
        O::Output: Serialize + 'static,
        O::Item: Serialize + 'static,
    {
        if tool.name == self.name
            && let Some(entry) = &mut self.entry
        {
            entry.all = Some(all::<O>);
        }
    }
}

/// The entry of the tool named `name`, if it has a REST binding.
pub fn find(name: &str) -> Option<Entry> {
    let mut find = Find { name, entry: None };
    portal_workos::api::visit(&mut find);
    find.entry
}

fn to_value<T: Serialize>(value: &T) -> Result<Value, ExitCode> {
    serde_json::to_value(value)
        .map_err(|e| fail(EXIT_TRANSPORT, &format!("cannot print the answer: {e}")))
}

/// The request decoded and validated from the input, to be sent; `Err` with the exit code when
/// it is invalid (the violations printed) or when this is a dry run (the request printed).
fn request_to_send<O>(input: &Input, cx: &Context) -> Result<O, ExitCode>
where
    O: Operation + FromJson,
{
    let request = input
        .decode::<O>()
        .map_err(|violations| invalid(&violations))?;
    if cx.dry_run {
        return Err(cx.print_dry_run(
            O::TOOL,
            portal_runtime::client::request_parts(&request, &cx.base_url()),
            serde_json::to_value(&request),
        ));
    }
    Ok(request)
}

fn send<O>(input: &Input, cx: &Context) -> ExitCode
where
    O: Operation + FromJson,
    O::Output: Serialize,
{
    let request = match request_to_send::<O>(input, cx) {
        Ok(request) => request,
        Err(code) => return code,
    };
    let answer = cx.runtime.block_on(async {
        match cx.mcp_client()? {
            Some(mcp) => Ok::<_, ExitCode>(mcp.send(&request).await),
            None => Ok(cx.rest_client()?.send(&request).await),
        }
    });
    match answer {
        Err(code) => code,
        Ok(Err(e)) => failed(e),
        Ok(Ok(output)) => match to_value(&output) {
            Ok(value) => cx.print(&value),
            Err(code) => code,
        },
    }
}

fn all<O>(input: &Input, cx: &Context) -> ExitCode
where
    O: Paginated + FromJson,
    O::Item: Serialize,
{
    let request = match request_to_send::<O>(input, cx) {
        Ok(request) => request,
        Err(code) => return code,
    };
    let client = match cx.rest_client() {
        Ok(client) => client,
        Err(code) => return code,
    };
    let max = cx.max_items;
    let (items, end) = cx.runtime.block_on(async {
        let mut stream = std::pin::pin!(client.paginate(&request));
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            match item {
                // One item past the bound only tells that the list goes on; a failure there
                // leaves the items asked for complete.
                Ok(_) if items.len() == max => return (items, End::Bounded),
                Err(_) if items.len() == max => return (items, End::Done),
                Ok(item) => match to_value(&item) {
                    Ok(value) => items.push(value),
                    Err(code) => return (items, End::Exit(code)),
                },
                Err(e) => return (items, End::Failed(e)),
            }
        }
        (items, End::Done)
    });
    // The items before a failure are printed too: they were received and validated.
    let printed = cx.print(&Value::Array(items));
    match end {
        End::Done => printed,
        End::Bounded => {
            crate::terminal::errln!(
                "note: stopped after --max-items {max} items; the list goes on"
            );
            printed
        }
        End::Failed(e) => failed(e),
        End::Exit(code) => code,
    }
}

/// How following the pages ended.
enum End {
    /// The last page, or the bound reached where what follows is not known.
    Done,
    /// The bound reached with items left.
    Bounded,
    /// A page failed.
    Failed(portal_runtime::Error),
    /// An item could not be printed.
    Exit(ExitCode),
}
