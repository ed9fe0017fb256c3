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

/// A generated struct's builder, `$builder`: the builder type (a type parameter per required
/// member, defaulting to [`Unset`]), the module of the required members' marker types, the
/// struct's `builder()`, a setter per member (and a `maybe_` setter taking an `Option` for each
/// optional one) and `build()`.
///
/// The input, after the names (the struct, its builder, the markers' module, the builder's
/// holder of optional members):
///
/// - `required field "field" into|plain: Type, __S0 [params before] [params after] [the other
///   required fields];` for each required member: its type parameter and where that parameter
///   sits, so that its setter's return type and body are spelled out without counting;
/// - then `optional field maybe_field "field" into|plain: Type;` for each optional member;
/// - then `constant ...` alike for each required `const` one, which is its one value unless set.
///
/// `into` setters take `impl Into<Type>`; `plain` ones take the type itself (a `u64`, which an
/// unsuffixed literal would not convert to through `Into`). The optional members are held in a
/// struct of their own, so a required member's setter moves that one struct into the builder's
/// next state, not each member.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder {
    (
        $name:ident, $builder:ident, $markers:ident, $optional:ident;
        $(required $field:ident $plain:literal $arg:ident: $ty:ty, $param:ident [$($before:ident)*] [$($after:ident)*] [$($other:ident)*];)*
        $(optional $ofield:ident $maybe:ident $oplain:literal $oarg:ident: $oty:ty;)*
        $(constant $cfield:ident $cmaybe:ident $cplain:literal $carg:ident: $cty:ty;)*
    ) => {
        #[doc = ::core::concat!(
            " The builder of [`", ::core::stringify!($name), "`] ([`", ::core::stringify!($name),
            "::builder`]): a setter per member, then `build()`, which compiles once every required member is set."
        )]
        #[must_use = "a builder does nothing until `build()`"]
        #[allow(dead_code)]
        pub struct $builder<$($param = $crate::__private_v1::builder::Unset<$markers::$field>),*> {
            $($field: $param,)*
            __optional: $optional,
        }

        #[doc = ::core::concat!(
            " The required members of [`", ::core::stringify!($builder), "`], named in compile errors."
        )]
        #[doc(hidden)]
        #[allow(dead_code, non_camel_case_types, non_snake_case)]
        pub mod $markers {
            $(
                #[allow(missing_docs)]
                pub enum $field {}
            )*
        }

        #[doc(hidden)]
        #[derive(Default)]
        #[allow(dead_code, non_camel_case_types)]
        struct $optional {
            $($ofield: $crate::__private_v1::Option<$oty>,)*
            $($cfield: $crate::__private_v1::Option<$cty>,)*
        }

        #[allow(dead_code)]
        impl $name {
            #[doc = ::core::concat!(
                " Starts a builder of [`", ::core::stringify!($name),
                "`]: a setter per member, then `build()`, which compiles once every required member is set."
            )]
            pub fn builder() -> $builder {
                $builder {
                    $($field: $crate::__private_v1::builder::Unset::NEW,)*
                    __optional: $crate::__private_v1::Default::default(),
                }
            }
        }

        #[allow(dead_code, clippy::type_complexity, clippy::wrong_self_convention)]
        impl<$($param),*> $builder<$($param),*> {
            $(
                #[doc = ::core::concat!(" Sets `", $plain, "`, required.")]
                pub fn $field(
                    self,
                    value: $crate::__builder!(@arg $arg $ty),
                ) -> $builder<$($before,)* $crate::__private_v1::builder::Set<$markers::$field, $ty> $(, $after)*>
                where
                    $param: $crate::__private_v1::builder::IsUnset<$markers::$field>,
                {
                    $builder {
                        $field: $crate::__private_v1::builder::Set::new($crate::__builder!(@value $arg value)),
                        $($other: self.$other,)*
                        __optional: self.__optional,
                    }
                }
            )*
            $($crate::__builder!(@setters optional $ofield $maybe $oplain $oarg $oty);)*
            $($crate::__builder!(@setters constant $cfield $cmaybe $cplain $carg $cty);)*
            /// The value, once every required member is set.
            pub fn build(self) -> $name
            where
                $($param: $crate::__private_v1::builder::IsSet<$markers::$field, $ty>,)*
            {
                $name {
                    $($field: $crate::__private_v1::builder::IsSet::take(self.$field),)*
                    $($ofield: self.__optional.$ofield,)*
                    $($cfield: $crate::__private_v1::Option::unwrap_or_default(self.__optional.$cfield),)*
                }
            }
        }
    };
    (@arg into $ty:ty) => { impl $crate::__private_v1::Into<$ty> };
    (@arg plain $ty:ty) => { $ty };
    (@value into $value:ident) => { $crate::__private_v1::Into::into($value) };
    (@value plain $value:ident) => { $value };
    (@maybe_value into $value:ident) => { $value.map($crate::__private_v1::Into::into) };
    (@maybe_value plain $value:ident) => { $value };
    (@doc optional $plain:literal) => { ::core::concat!(" Sets `", $plain, "`, optional.") };
    (@doc constant $plain:literal) => {
        ::core::concat!(" Sets `", $plain, "`, which is its one value unless set.")
    };
    (@maybe_doc optional $plain:literal) => {
        ::core::concat!(" Sets `", $plain, "`, optional, or leaves it out with `None`.")
    };
    (@maybe_doc constant $plain:literal) => {
        ::core::concat!(" Sets `", $plain, "`, or leaves it at its one value with `None`.")
    };
    (@setters $kind:ident $field:ident $maybe:ident $plain:literal $arg:ident $ty:ty) => {
        #[doc = $crate::__builder!(@doc $kind $plain)]
        pub fn $field(mut self, value: $crate::__builder!(@arg $arg $ty)) -> Self {
            self.__optional.$field = $crate::__private_v1::Some($crate::__builder!(@value $arg value));
            self
        }
        #[doc = $crate::__builder!(@maybe_doc $kind $plain)]
        pub fn $maybe(
            mut self,
            value: $crate::__private_v1::Option<$crate::__builder!(@arg $arg $ty)>,
        ) -> Self {
            self.__optional.$field = $crate::__builder!(@maybe_value $arg value);
            self
        }
    };
}
