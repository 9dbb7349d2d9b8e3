//! `FormErrors`: the messages for a form's bad fields, keyed by field name.
//!
//! A form's `parse` collects every problem (not just the first) so the shopper can fix them
//! all at once; the template shows each message beside its field (`templates/macros.html`).
//! Nothing here decides what is wrong: the domain types' `parse` functions give the messages.
//! The JSON API turns the same map into a 422 problem's field errors (`api::problem`).

use std::collections::BTreeMap;

/// Field name → message for every field that did not parse.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FormErrors(BTreeMap<&'static str, String>);

impl FormErrors {
    /// An empty set of errors.
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Errors with one message for one field.
    pub fn single(field: &'static str, message: impl Into<String>) -> FormErrors {
        let mut errors = FormErrors::new();
        errors.add(field, message);
        errors
    }

    /// Records `message` for `field` (the first message for a field wins).
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    /// Keeps the parsed value, or records the error and gives `None`.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    /// The message for `field`, if it has one; templates call this beside each field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Every field's message, in the fields' alphabetical order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
    }

    /// True when every field parsed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_for_a_field_is_kept() {
        let mut errors = FormErrors::new();
        errors.add("email", "first");
        errors.add("email", "second");
        assert_eq!(errors.get("email"), Some("first"));
        assert_eq!(errors.get("name"), None);
    }

    #[test]
    fn check_records_failures_and_passes_values_through() {
        let mut errors = FormErrors::new();
        assert_eq!(errors.check("a", Ok::<_, String>(1)), Some(1));
        assert_eq!(errors.check::<i32>("b", Err("bad".into())), None);
        assert_eq!(errors.get("b"), Some("bad"));
        assert!(!errors.is_empty());
    }
}
