//! [`Client::paginate`]: the items of a list operation, page after page, as a stream.
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use portal_runtime::operation::Paginated;
//! use portal_runtime::{Client, Error};
//!
//! # async fn run<O: Paginated>(client: &Client, request: O) -> Result<(), Error> {
//! let mut items = std::pin::pin!(client.paginate(&request));
//! while let Some(item) = items.next().await {
//!     let item: O::Item = item?;
//!     # let _ = item;
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;

use futures_util::Stream;

use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::operation::Paginated;
use crate::validate::{Violation, Violations};

/// The most pages [`Client::paginate`] fetches before it ends with an error.
///
/// A thousand pages of a hundred items each is far past any list a caller means to read whole;
/// a server that keeps handing out new cursors past it is looping or being abused.
pub const DEFAULT_MAX_PAGES: usize = 1000;

impl Client {
    /// The items of a list operation, following its cursors: the first page is `request`
    /// itself, each next page the same request with [`Paginated::CURSOR`] set to the cursor the
    /// page before returned, until a page returns no cursor (or an empty one).
    ///
    /// Each page is a [`send`](Client::send): validated, retried, decoded and validated. The
    /// stream is lazy: a page is fetched only when the consumer asks for an item past the ones
    /// it holds. It stops at the first error, yielded once: a failed page, a cursor the server
    /// returned before (a loop that would never end), or a page past [`DEFAULT_MAX_PAGES`]
    /// (see [`paginate_at_most`](Client::paginate_at_most)); the last two are an
    /// [`Error::Decode`] at the cursor's pointer, keyword `x-http`, yielded after the items of
    /// the page that returned the cursor.
    pub fn paginate<'c, O>(&'c self, request: &O) -> impl Stream<Item = Result<O::Item, Error>> + 'c
    where
        O: Paginated + 'c,
    {
        self.paginate_at_most(request, DEFAULT_MAX_PAGES)
    }

    /// [`paginate`](Client::paginate), fetching at most `max_pages` pages (at least one).
    pub fn paginate_at_most<'c, O>(
        &'c self,
        request: &O,
        max_pages: usize,
    ) -> impl Stream<Item = Result<O::Item, Error>> + 'c
    where
        O: Paginated + 'c,
    {
        let state = Pages {
            client: self,
            next: Some(request.clone()),
            items: Vec::new().into_iter(),
            failure: None,
            seen: HashSet::new(),
            pages: 0,
            max_pages: max_pages.max(1),
        };
        futures_util::stream::unfold(state, Pages::advance)
    }
}

/// Where a pagination stands: the items of the page fetched last, and the request of the page
/// after it (`None` once the last page or an error came).
struct Pages<'c, O: Paginated> {
    client: &'c Client,
    next: Option<O>,
    items: std::vec::IntoIter<O::Item>,
    /// An error found with the last page, yielded after its items.
    failure: Option<Error>,
    /// Every cursor followed, so that a repeated one ends the stream. At most `max_pages`.
    seen: HashSet<String>,
    pages: usize,
    max_pages: usize,
}

impl<'c, O: Paginated> Pages<'c, O> {
    async fn advance(mut self) -> Option<(Result<O::Item, Error>, Self)> {
        loop {
            if let Some(item) = self.items.next() {
                return Some((Ok(item), self));
            }
            if let Some(error) = self.failure.take() {
                return Some((Err(error), self));
            }
            let mut request = self.next.take()?;
            let page = match self.client.send_page(&request).await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), self)),
            };
            self.pages += 1;
            let cursor = O::next_cursor(&page.output)
                .filter(|cursor| !cursor.is_empty())
                .map(str::to_owned);
            self.items = O::items(page.output).into_iter();
            let Some(cursor) = cursor else {
                continue;
            };
            let refuse = |expected: String| {
                Error::from(DecodeError {
                    status: page.status,
                    request_id: page.request_id.clone(),
                    violations: Violations(vec![Violation {
                        pointer: O::NEXT.to_owned(),
                        keyword: "x-http",
                        expected,
                        found: crate::check::quote_str(&cursor),
                    }]),
                    body: String::new(),
                })
            };
            if self.seen.contains(&cursor) {
                self.failure = Some(refuse("a cursor not returned before".to_owned()));
            } else if self.pages >= self.max_pages {
                self.failure = Some(refuse(format!(
                    "the last page within {} pages",
                    self.max_pages
                )));
            } else {
                self.seen.insert(cursor.clone());
                request.set_cursor(cursor);
                self.next = Some(request);
            }
        }
    }
}
