//! Reading a `multipart/form-data` body (a form with a file) into memory, within limits.
//!
//! Browsers send a form with a file input as multipart: one part per field, and a part for a
//! file carries the file's name. `read` collects the text fields as name/value pairs and the
//! files as bytes, counting as it goes and stopping as soon as a part grows past its limit
//! (413), so an oversized upload is never read to its end nor held in memory. Nothing is
//! written anywhere: `csrf::CsrfMultipart` checks the form's CSRF token once everything is
//! read, and only then does a handler see a byte of it.

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::http::header::CONTENT_LENGTH;
use futures_util::StreamExt;

use crate::error::AppError;

/// The most parts a form may have; ours have a dozen.
const MAX_PARTS: usize = 64;

/// How much one multipart form may carry.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes of files (our forms have one file input, so: the largest file).
    pub file_bytes: usize,
    /// The most bytes of all text fields together.
    pub text_bytes: usize,
}

impl Limits {
    /// The largest body: the files and the text, plus the multipart framing of each part.
    pub fn body_bytes(&self) -> usize {
        self.file_bytes + self.text_bytes + MAX_PARTS * 1024
    }
}

/// A file sent with a form.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the file had on the sender's computer: shown back, never used to store it.
    pub file_name: String,
    /// The file's content, as sent.
    pub bytes: Vec<u8>,
}

/// A multipart form as it was sent: text fields in order, and the files.
#[derive(Debug, Default)]
pub struct Parts {
    /// The text fields as name/value pairs, in the order they came.
    pub text: Vec<(String, String)>,
    /// The files, by field name. A file input left empty is not here.
    pub files: Vec<(String, Upload)>,
}

/// Refuses a body that announces more than the limit before reading any of it.
pub fn check_length(req: &HttpRequest, limits: Limits) -> Result<(), AppError> {
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    match announced {
        Some(length) if length > limits.body_bytes() => {
            Err(too_large(limits, limits.file_bytes > 0))
        }
        _ => Ok(()),
    }
}

/// Reads every part, stopping at the first one over its limit.
pub async fn read(mut multipart: Multipart, limits: Limits) -> Result<Parts, AppError> {
    let mut parts = Parts::default();
    let mut count = 0;
    // Counted over all parts, so many parts each within a limit cannot add up to more.
    let (mut file_total, mut text_total) = (0, 0);
    while let Some(field) = multipart.next().await {
        count += 1;
        if count > MAX_PARTS {
            return Err(unreadable());
        }
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|disposition| disposition.get_filename())
            .map(str::to_string);
        let (total, limit) = match file_name {
            Some(_) => (&mut file_total, limits.file_bytes),
            None => (&mut text_total, limits.text_bytes),
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            *total += chunk.len();
            if *total > limit {
                return Err(too_large(limits, file_name.is_some()));
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            // An empty file input still sends a part, with no name and no content.
            Some(file_name) if file_name.is_empty() && bytes.is_empty() => {}
            Some(file_name) => parts.files.push((name, Upload { file_name, bytes })),
            None => {
                let value = String::from_utf8(bytes).map_err(|_| unreadable())?;
                parts.text.push((name, value));
            }
        }
    }
    Ok(parts)
}

fn unreadable() -> AppError {
    AppError::BadRequest("We could not read that form. Please try again.".into())
}

/// 413, saying which limit was passed.
fn too_large(limits: Limits, by_a_file: bool) -> AppError {
    AppError::TooLarge(match by_a_file {
        true => format!(
            "That file is too large. Files of up to {} are accepted.",
            in_words(limits.file_bytes)
        ),
        false => "That form is too large.".to_string(),
    })
}

/// `5242880` → "5 MiB", `1048576` → "1 MiB", `2048` → "2 KiB".
fn in_words(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_told_in_whole_units() {
        assert_eq!(in_words(5 * 1024 * 1024), "5 MiB");
        assert_eq!(in_words(2048), "2 KiB");
    }

    #[test]
    fn the_body_limit_leaves_room_for_the_text_fields() {
        let limits = Limits {
            file_bytes: 1000,
            text_bytes: 10,
        };

        assert!(limits.body_bytes() > 1010);
    }
}
