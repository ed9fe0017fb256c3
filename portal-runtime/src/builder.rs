//! The states of a generated builder's required members, checked at compile time: each
//! required member is a type parameter of the builder, [`Unset`] until its setter runs and
//! [`Set`] (holding the value) after; `build()` asks every one to be [`IsSet`], and a
//! required member's setter asks it to be [`IsUnset`]. `M` is the member's marker type (named
//! like the member), so that the compiler's message names the member.
//!
//! Optional members are plain `Option`s in the builder: no type parameter, no bound.

use std::marker::PhantomData;

/// A required member not set yet.
pub struct Unset<M>(PhantomData<fn() -> M>);

/// A required member set to a `T`.
pub struct Set<M, T>(T, PhantomData<fn() -> M>);

impl<M> Unset<M> {
    /// The state of a builder just started.
    pub const NEW: Self = Unset(PhantomData);
}

impl<M, T> Set<M, T> {
    /// The state once the setter ran with `value`.
    pub fn new(value: T) -> Self {
        Set(value, PhantomData)
    }
}

/// A required member whose setter ran: `build()` takes its value.
#[diagnostic::on_unimplemented(
    message = "the required member `{M}` was not set, but `build()` needs it",
    label = "`{M}` is required: call its setter before `build()`"
)]
pub trait IsSet<M, T> {
    /// The value set.
    fn take(self) -> T;
}

impl<M, T> IsSet<M, T> for Set<M, T> {
    fn take(self) -> T {
        self.0
    }
}

/// A required member whose setter has not run: it may run once.
#[diagnostic::on_unimplemented(
    message = "the required member `{M}` was already set",
    label = "`{M}` is set once: remove one of its setter calls"
)]
pub trait IsUnset<M> {}

impl<M> IsUnset<M> for Unset<M> {}
