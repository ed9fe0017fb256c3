//! Drift at connect: the client compares the server's `tools/list` with the compiled-in
//! [`Catalog`] once, caches the [`DriftReport`], applies its [`DriftPolicy`] to each call, and
//! checks again after the server announces `notifications/tools/list_changed`.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::classify::{DriftReport, ToolDrift, ToolStatus, classify};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::mcp::McpClient;

/// What a client does with the drift it finds ([`McpClientBuilder::drift_policy`](crate::mcp::McpClientBuilder::drift_policy)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DriftPolicy {
    /// No check before calls ([`McpClient::check_drift`] still works).
    Ignore,
    /// Check, keep the report ([`McpClient::drift_report`]) and log it as a `tracing` warning
    /// (feature `tracing`); every call goes through.
    #[default]
    Warn,
    /// As `Warn`, and a call to a tool with breaking drift (input tightened, output loosened,
    /// removed, renamed) fails with [`Error::Drift`]; other tools keep working. A check that
    /// cannot be made fails the call too.
    Deny,
    /// As `Deny`, for any drift of the tool called, suspicious and compatible included: the tool
    /// exactly as compiled in, or no call.
    DenyAll,
}

impl DriftPolicy {
    fn denies(self, drift: &ToolDrift) -> bool {
        match self {
            DriftPolicy::Ignore | DriftPolicy::Warn => false,
            DriftPolicy::Deny => drift.class == super::Class::Breaking,
            // A tool only the server lists is never one this binary calls by the catalog.
            DriftPolicy::DenyAll => drift.status != ToolStatus::New,
        }
    }
}

/// A call refused by the [`DriftPolicy`]: the tool and how the server's copy differs.
#[derive(Clone, Debug, PartialEq)]
pub struct DriftError {
    /// The compiled-in catalog's name.
    pub catalog: String,
    /// The tool's drift, every change included.
    pub drift: ToolDrift,
}

impl fmt::Display for DriftError {
    /// `refusing to call echo: breaking drift from catalog demo: breaking: /inputSchema/... (...)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drift = &self.drift;
        write!(
            f,
            "refusing to call {}: {} drift from catalog {}",
            drift.tool, drift.class, self.catalog
        )?;
        match &drift.status {
            ToolStatus::Changed => {
                for (i, change) in drift.changes.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    write!(f, "{change}")?;
                }
                Ok(())
            }
            ToolStatus::Removed => f.write_str(": the server no longer lists it"),
            ToolStatus::Renamed { to } => write!(
                f,
                ": the server no longer lists it, and lists {to} with the same input schema"
            ),
            ToolStatus::New => Ok(()),
        }
    }
}

impl std::error::Error for DriftError {}

/// The client's drift state: set up by the builder when a catalog is given.
pub(crate) struct Watch {
    catalog: &'static Catalog,
    policy: DriftPolicy,
    /// Set until the first check, and again by `notifications/tools/list_changed`.
    stale: AtomicBool,
    report: Mutex<Option<Arc<DriftReport>>>,
    /// Held while a check runs, so that concurrent first calls list the tools once.
    checking: tokio::sync::Mutex<()>,
}

impl Watch {
    pub(crate) fn new(catalog: &'static Catalog, policy: DriftPolicy) -> Watch {
        Watch {
            catalog,
            policy,
            stale: AtomicBool::new(true),
            report: Mutex::new(None),
            checking: tokio::sync::Mutex::new(()),
        }
    }

    fn report(&self) -> Option<Arc<DriftReport>> {
        self.report
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The server said its list changed: the next call checks again.
    pub(crate) fn tools_changed(&self) {
        self.stale.store(true, Ordering::Release);
    }
}

/// Whether `message` is the server's `notifications/tools/list_changed` (a notification: no id).
pub(crate) fn is_tools_list_changed(message: &serde_json::Map<String, serde_json::Value>) -> bool {
    message.get("method").and_then(serde_json::Value::as_str)
        == Some("notifications/tools/list_changed")
        && !message.contains_key("id")
}

impl McpClient {
    /// Lists the server's tools now and classes how they differ from the compiled-in catalog
    /// ([`McpClientBuilder::catalog`](crate::mcp::McpClientBuilder::catalog)); the report
    /// replaces the cached one that calls are judged by. Within one
    /// [deadline](crate::mcp::McpClientBuilder::deadline).
    ///
    /// Fails with [`Error::Configuration`] when the client has no catalog.
    pub async fn check_drift(&self) -> Result<DriftReport, Error> {
        let Some(watch) = self.inner.drift.as_deref() else {
            return Err(Error::Configuration(
                "no catalog to check drift against: set one with McpClientBuilder::catalog"
                    .to_owned(),
            ));
        };
        let report = self
            .within_deadline(Box::pin(self.refresh(watch, true)))
            .await?;
        Ok((*report).clone())
    }

    /// The report of the last check, if one was made (by a first call or by
    /// [`check_drift`](Self::check_drift)).
    pub fn drift_report(&self) -> Option<Arc<DriftReport>> {
        self.inner.drift.as_deref().and_then(Watch::report)
    }

    /// Lists and classes unless a fresh report is cached (or, without `force`, another call made
    /// one while this one waited).
    async fn refresh(&self, watch: &Watch, force: bool) -> Result<Arc<DriftReport>, Error> {
        let _checking = watch.checking.lock().await;
        if !force
            && !watch.stale.load(Ordering::Acquire)
            && let Some(report) = watch.report()
        {
            return Ok(report);
        }
        // Cleared before listing: a `list_changed` seen while listing makes the next call check
        // again.
        watch.stale.store(false, Ordering::Release);
        let tools = match self.list_pages().await {
            Ok(tools) => tools,
            Err(error) => {
                watch.stale.store(true, Ordering::Release);
                return Err(error);
            }
        };
        let report = Arc::new(classify(watch.catalog, &tools));
        #[cfg(feature = "tracing")]
        if !report.is_empty() {
            tracing::warn!(
                catalog = watch.catalog.name,
                worst = report.worst().map(|c| c.as_str()),
                "the server's tools differ from the compiled-in catalog:\n{report}"
            );
        }
        *watch
            .report
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(report.clone());
        Ok(report)
    }

    /// What the policy says of a call to `tool`, checking first when no fresh report is cached.
    pub(crate) async fn drift_gate(&self, tool: &str) -> Result<(), Error> {
        let Some(watch) = self.inner.drift.as_deref() else {
            return Ok(());
        };
        if watch.policy == DriftPolicy::Ignore {
            return Ok(());
        }
        let report = if !watch.stale.load(Ordering::Acquire) {
            match watch.report() {
                Some(report) => report,
                // The last check failed under `Warn`.
                None => return Ok(()),
            }
        } else {
            match self.refresh(watch, false).await {
                Ok(report) => report,
                Err(error) if watch.policy == DriftPolicy::Warn => {
                    // Not checked again on every call: the next `list_changed` or an explicit
                    // `check_drift` tries again.
                    watch.stale.store(false, Ordering::Release);
                    #[cfg(feature = "tracing")]
                    tracing::warn!(
                        catalog = watch.catalog.name,
                        "the server's tools could not be checked against the compiled-in catalog: {error}"
                    );
                    #[cfg(not(feature = "tracing"))]
                    let _ = error;
                    return Ok(());
                }
                Err(error) => return Err(error),
            }
        };
        match report.tool(tool) {
            Some(drift) if watch.policy.denies(drift) => Err(Error::Drift(Box::new(DriftError {
                catalog: watch.catalog.name.to_owned(),
                drift: drift.clone(),
            }))),
            _ => Ok(()),
        }
    }
}
