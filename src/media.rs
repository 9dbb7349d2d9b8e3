//! The media directory: files the shop makes while it runs (today: product pictures), kept
//! under `CARTWHEEL_MEDIA_DIR` and served at `/media`.
//!
//! A product's `image_path` says where its picture lives. The demo catalog's pictures are
//! part of the build (`images/products/mug.svg`, served from `/static`); an uploaded one is
//! `media/products/<32 hex digits>.jpg` (or `.png`), stored as `products/<hex>.jpg` inside
//! the media directory and served at `/media/products/<hex>.jpg`, with its thumbnail beside
//! it as `<hex>-thumb.jpg`. `picture_url` and `thumbnail_url` turn either kind into a URL.
//!
//! Names are random and never reused, so a URL's content never changes and browsers may
//! keep it for a year (`cache_headers`). A file is written under a temporary name and then
//! renamed, so nobody ever sees half a picture. Pictures sent by `process` in `pictures`
//! are the only thing written here, and only names that look like ours are ever deleted.

use std::io::Write;
use std::path::{Path, PathBuf};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::Next;
use rand::RngCore;

use crate::pictures::{ProcessedPicture, StoredFormat};

/// The start of every `image_path` that names a file in the media directory.
const MEDIA_PREFIX: &str = "media/";
/// The folder inside the media directory that holds product pictures.
const PRODUCTS_FOLDER: &str = "products";
/// What a thumbnail's name adds to its picture's.
const THUMBNAIL_SUFFIX: &str = "-thumb";

/// The media directory on disk.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// The media directory at `root` (`CARTWHEEL_MEDIA_DIR`).
    pub fn new(root: impl Into<PathBuf>) -> MediaStore {
        MediaStore { root: root.into() }
    }

    /// The directory itself, for serving it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes the directory and its `products` folder if they are missing (at start).
    pub fn prepare(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(self.root.join(PRODUCTS_FOLDER))
    }

    /// Stores a processed picture and its thumbnail under a new random name and returns the
    /// product's new `image_path`. Blocking file work: call it on a blocking thread.
    pub fn save_picture(&self, picture: &ProcessedPicture) -> std::io::Result<String> {
        let image_path = new_image_path(picture.format);
        let full = self.file_of(&image_path);
        let thumbnail = self.file_of(&thumbnail_path(&image_path));
        write_atomically(&full, &picture.full)?;
        if let Err(error) = write_atomically(&thumbnail, &picture.thumbnail) {
            let _ = std::fs::remove_file(&full);
            return Err(error);
        }
        Ok(image_path)
    }

    /// Deletes a stored picture and its thumbnail. Anything that is not one of our media
    /// names (the demo catalog's static pictures, say) is left alone. A file that is already
    /// gone is fine; other failures are only logged, since the product is saved by now.
    pub fn remove_picture(&self, image_path: &str) {
        if !is_media_path(image_path) {
            return;
        }
        for path in [image_path.to_string(), thumbnail_path(image_path)] {
            match std::fs::remove_file(self.file_of(&path)) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => tracing::warn!(%error, path, "could not delete a picture"),
            }
        }
    }

    fn file_of(&self, image_path: &str) -> PathBuf {
        self.root
            .join(image_path.strip_prefix(MEDIA_PREFIX).unwrap_or(image_path))
    }
}

/// `media/products/<32 random hex digits>.<ext>`.
fn new_image_path(format: StoredFormat) -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{MEDIA_PREFIX}{PRODUCTS_FOLDER}/{}.{}",
        hex::encode(bytes),
        format.extension()
    )
}

/// Writes a file under a temporary name in the same folder, then renames it into place: a
/// rename within one file system is atomic, so the name shows a whole file or nothing.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    // The leading dot keeps the half-written file out of `/media` (see `startup`).
    let mut file = tempfile::Builder::new()
        .prefix(".upload-")
        .tempfile_in(folder)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    // tempfile makes files only their owner can read; a web server in front of the shop
    // may serve this folder as another user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist_noclobber(path).map_err(|error| error.error)?;
    Ok(())
}

/// True for `media/products/<32 hex digits>.jpg|png`: exactly the names `save_picture` makes.
pub fn is_media_path(image_path: &str) -> bool {
    let Some(name) = image_path
        .strip_prefix(MEDIA_PREFIX)
        .and_then(|rest| rest.strip_prefix(PRODUCTS_FOLDER))
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    let Some((stem, extension)) = name.split_once('.') else {
        return false;
    };
    stem.len() == 32
        && stem
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && matches!(extension, "jpg" | "png")
}

/// The thumbnail's `image_path` for a picture's: `<hex>.jpg` → `<hex>-thumb.jpg`.
fn thumbnail_path(image_path: &str) -> String {
    match image_path.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}{THUMBNAIL_SUFFIX}.{extension}"),
        None => format!("{image_path}{THUMBNAIL_SUFFIX}"),
    }
}

/// The URL of a product's picture: `/media/…` for an uploaded one, a fingerprinted `/static`
/// URL for a picture that ships with the shop.
pub fn picture_url(image_path: &str) -> String {
    match image_path.strip_prefix(MEDIA_PREFIX) {
        Some(rest) if is_media_path(image_path) => format!("/media/{rest}"),
        _ => crate::static_files::url(image_path),
    }
}

/// The URL of the thumbnail for product cards; pictures that ship with the shop (SVGs) have
/// no separate thumbnail and are used as they are.
pub fn thumbnail_url(image_path: &str) -> String {
    match image_path.strip_prefix(MEDIA_PREFIX) {
        Some(rest) if is_media_path(image_path) => format!("/media/{}", thumbnail_path(rest)),
        _ => crate::static_files::url(image_path),
    }
}

/// Middleware for `/media`: the one-year `immutable` lifetime on every file it serves.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    if response.status().is_success() {
        response.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static(crate::static_files::IMMUTABLE),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "media/products/0123456789abcdef0123456789abcdef.jpg";

    #[test]
    fn only_names_we_make_are_media_paths() {
        assert!(is_media_path(NAME));
        assert!(is_media_path(&new_image_path(StoredFormat::Png)));
        for other in [
            "images/products/mug.svg",
            "media/products/../../cartwheel.db",
            "media/products/0123456789ABCDEF0123456789ABCDEF.jpg",
            "media/products/0123456789abcdef.jpg",
            "media/products/0123456789abcdef0123456789abcdef.svg",
            "media/products/0123456789abcdef0123456789abcdef-thumb.jpg",
            "media/0123456789abcdef0123456789abcdef.jpg",
        ] {
            assert!(!is_media_path(other), "{other} should not be a media path");
        }
    }

    #[test]
    fn uploaded_pictures_are_served_from_media_and_demo_ones_from_static() {
        assert_eq!(
            picture_url(NAME),
            "/media/products/0123456789abcdef0123456789abcdef.jpg"
        );
        assert_eq!(
            thumbnail_url(NAME),
            "/media/products/0123456789abcdef0123456789abcdef-thumb.jpg"
        );
        assert!(picture_url("images/products/mug.svg").starts_with("/static/images/products/"));
        assert!(thumbnail_url("images/products/mug.svg").starts_with("/static/"));
    }

    #[test]
    fn a_saved_picture_can_be_removed_with_its_thumbnail() {
        let folder = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::new(folder.path());
        store.prepare().expect("prepared");
        let picture = ProcessedPicture {
            format: StoredFormat::Jpeg,
            full: b"full".to_vec(),
            thumbnail: b"thumb".to_vec(),
        };

        let image_path = store.save_picture(&picture).expect("saved");
        let files = std::fs::read_dir(folder.path().join("products"))
            .expect("listed")
            .count();
        store.remove_picture(&image_path);
        let left = std::fs::read_dir(folder.path().join("products"))
            .expect("listed")
            .count();

        assert!(is_media_path(&image_path));
        assert_eq!((files, left), (2, 0));
    }
}
