//! Product pictures: turning the bytes an admin uploaded into the two files the shop serves,
//! a bounded full-size picture for the product page and a thumbnail for product cards.
//!
//! Nothing here touches the disk or the web: `process` takes bytes and gives bytes, so it is
//! tested with plain unit tests. `media` stores the result; the product form's handler
//! (`routes::admin::products`) calls both.
//!
//! An upload is never trusted or kept as it came. Its format is decided by its first bytes
//! (never by its name or the browser's content type), only JPEG, PNG and WebP are decoded,
//! the decoder has limits so a small file that claims to be a huge picture (a "decompression
//! bomb") cannot take all the memory, and the picture is encoded afresh. Encoding anew drops
//! the metadata (camera, GPS position) and anything else hidden in the file.

use std::borrow::Cow;
use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest picture file an admin may upload, in bytes (5 MiB).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The full-size picture is at most this many pixels on its long side.
pub const MAX_SIDE: u32 = 1600;
/// Product cards show pictures in a 4:3 box of this size.
pub const THUMBNAIL_SIZE: (u32, u32) = (400, 300);

/// The widest or tallest picture the decoder accepts, in pixels.
const MAX_DECODED_SIDE: u32 = 8_000;
/// The most memory the decoder may allocate: a 48-megapixel photograph (8,000 × 6,000,
/// 3 bytes a pixel) fits; a small file claiming to be far larger is refused before its
/// pixels are decoded.
const MAX_DECODER_BYTES: u64 = 160 * 1024 * 1024;
/// JPEG quality: 85 looks like the original to the eye at a fraction of the size.
const JPEG_QUALITY: u8 = 85;

/// The message beside the picture field for anything that is not a picture we take.
pub const NOT_A_PICTURE: &str =
    "Upload a JPEG, PNG or WebP picture. Other files, SVG included, are not accepted.";

/// The format the shop stores a picture in.
///
/// JPEG for opaque pictures: photographs are most of a catalog, and JPEG makes them small.
/// PNG where the picture has transparency, which JPEG cannot keep. Not WebP: the `image`
/// crate's WebP encoder is lossless only, so its files are several times larger than JPEG's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredFormat {
    /// Opaque pictures.
    Jpeg,
    /// Pictures with transparent pixels.
    Png,
}

impl StoredFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            StoredFormat::Jpeg => "jpg",
            StoredFormat::Png => "png",
        }
    }
}

/// An uploaded picture, checked and encoded afresh in both sizes.
#[derive(Debug)]
pub struct ProcessedPicture {
    /// The format both files are in.
    pub format: StoredFormat,
    /// The full-size picture (at most `MAX_SIDE` pixels on its long side).
    pub full: Vec<u8>,
    /// The thumbnail, exactly `THUMBNAIL_SIZE`.
    pub thumbnail: Vec<u8>,
}

/// Checks, decodes and re-encodes an upload; the error is the message for the form.
/// This is slow work for the CPU: call it on a blocking thread (`web::block`).
pub fn process(bytes: &[u8]) -> Result<ProcessedPicture, String> {
    let format = detect_format(bytes)?;
    let picture = decode(bytes, format).map_err(|_| {
        "We could not read this picture. It may be damaged or too large.".to_string()
    })?;
    let stored = if has_transparency(&picture) {
        StoredFormat::Png
    } else {
        StoredFormat::Jpeg
    };
    let full = full_size(&picture);
    let thumbnail = thumbnail(&picture);
    let failed = |_| "We could not save this picture. Please try another.".to_string();
    Ok(ProcessedPicture {
        format: stored,
        full: encode(&full, stored).map_err(failed)?,
        thumbnail: encode(&thumbnail, stored).map_err(failed)?,
    })
}

/// The picture shrunk to at most `MAX_SIDE` on its long side (as it is, if it fits).
fn full_size(picture: &DynamicImage) -> Cow<'_, DynamicImage> {
    let (width, height) = fit_within(picture.width(), picture.height(), MAX_SIDE);
    if (width, height) == (picture.width(), picture.height()) {
        Cow::Borrowed(picture)
    } else {
        Cow::Owned(picture.resize_exact(width, height, FilterType::Lanczos3))
    }
}

/// The middle of the picture in the thumbnail's proportions, scaled to `THUMBNAIL_SIZE`.
fn thumbnail(picture: &DynamicImage) -> DynamicImage {
    let (width, height) = THUMBNAIL_SIZE;
    let (x, y, crop_width, crop_height) =
        cover_crop(picture.width(), picture.height(), width, height);
    picture
        .crop_imm(x, y, crop_width, crop_height)
        .resize_exact(width, height, FilterType::Triangle)
}

/// The format the bytes are in, judged by their first bytes (the "magic number"), if it is
/// one the shop accepts.
pub fn detect_format(bytes: &[u8]) -> Result<ImageFormat, String> {
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(format),
        _ => Err(NOT_A_PICTURE.to_string()),
    }
}

fn decode(bytes: &[u8], format: ImageFormat) -> image::ImageResult<DynamicImage> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODER_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder()?;
    // The decoder checks the sides; the size of the decoded picture, which it leaves to its
    // caller, is checked here, before any pixel is decoded.
    limits.reserve(decoder.total_bytes())?;
    // Phones store pictures sideways and say so in the metadata, which re-encoding drops:
    // turn the pixels the right way up now.
    let orientation = decoder.orientation()?;
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// True if any pixel is less than fully opaque (a PNG can have an alpha channel it does not
/// use; that one is stored as JPEG).
fn has_transparency(picture: &DynamicImage) -> bool {
    picture.color().has_alpha() && picture.to_rgba8().pixels().any(|pixel| pixel.0[3] < 255)
}

fn encode(picture: &DynamicImage, format: StoredFormat) -> image::ImageResult<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        StoredFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
            // JPEG has no alpha channel: drop it (it is fully opaque, see `has_transparency`).
            DynamicImage::ImageRgb8(picture.to_rgb8()).write_with_encoder(encoder)?;
        }
        StoredFormat::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut bytes);
            DynamicImage::ImageRgba8(picture.to_rgba8()).write_with_encoder(encoder)?;
        }
    }
    Ok(bytes)
}

/// The size of a `width` × `height` picture shrunk (never enlarged) so that its long side is
/// at most `max`, keeping its proportions.
pub fn fit_within(width: u32, height: u32, max: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max {
        return (width, height);
    }
    let scale = |side: u32| ((u64::from(side) * u64::from(max)) / u64::from(long)).max(1) as u32;
    (scale(width), scale(height))
}

/// The centred part of a `width` × `height` picture that has the proportions of a
/// `target_width` × `target_height` box, as `(x, y, width, height)`: scaled to the box, it
/// covers it completely, and only the overhanging edges are cut off.
pub fn cover_crop(
    width: u32,
    height: u32,
    target_width: u32,
    target_height: u32,
) -> (u32, u32, u32, u32) {
    let (w, h) = (u64::from(width), u64::from(height));
    let (tw, th) = (u64::from(target_width), u64::from(target_height));
    if w * th > h * tw {
        // Wider than the box: keep the full height, cut the sides.
        let crop = ((h * tw) / th).max(1) as u32;
        ((width - crop) / 2, 0, crop, height)
    } else {
        // Taller than the box (or just right): keep the full width, cut top and bottom.
        let crop = ((w * th) / tw).max(1) as u32;
        (0, (height - crop) / 2, width, crop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(picture: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        picture.write_to(&mut bytes, format).expect("encodes");
        bytes.into_inner()
    }

    #[test]
    fn the_format_is_judged_by_the_bytes_not_the_name() {
        let png = encoded(DynamicImage::new_rgb8(2, 2), ImageFormat::Png);

        assert_eq!(detect_format(&png), Ok(ImageFormat::Png));
        assert!(detect_format(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").is_err());
        assert!(detect_format(b"just some text, named photo.jpg").is_err());
        assert!(detect_format(b"GIF89a......").is_err());
        assert!(detect_format(b"").is_err());
    }

    #[test]
    fn a_big_picture_is_shrunk_to_fit_and_a_small_one_is_left_alone() {
        assert_eq!(fit_within(3200, 2400, 1600), (1600, 1200));
        assert_eq!(fit_within(1000, 4000, 1600), (400, 1600));
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
        assert_eq!(fit_within(20_000, 1, 1600), (1600, 1));
    }

    #[test]
    fn the_thumbnail_crop_keeps_the_middle_in_the_boxes_proportions() {
        // 4:3 already: everything.
        assert_eq!(cover_crop(800, 600, 400, 300), (0, 0, 800, 600));
        // Wide: the sides go.
        assert_eq!(cover_crop(1000, 300, 400, 300), (300, 0, 400, 300));
        // Tall: top and bottom go.
        assert_eq!(cover_crop(300, 1000, 400, 300), (0, 387, 300, 225));
    }

    #[test]
    fn an_opaque_picture_becomes_a_jpeg_in_both_sizes() {
        let upload = encoded(DynamicImage::new_rgb8(2000, 500), ImageFormat::Png);

        let picture = process(&upload).expect("processed");

        assert_eq!(picture.format, StoredFormat::Jpeg);
        let full = image::load_from_memory(&picture.full).expect("decodes");
        let thumbnail = image::load_from_memory(&picture.thumbnail).expect("decodes");
        assert_eq!((full.width(), full.height()), (1600, 400));
        assert_eq!((thumbnail.width(), thumbnail.height()), THUMBNAIL_SIZE);
    }

    #[test]
    fn a_transparent_picture_stays_a_png() {
        let upload = encoded(DynamicImage::new_rgba8(40, 30), ImageFormat::Png);

        let picture = process(&upload).expect("processed");

        assert_eq!(picture.format, StoredFormat::Png);
        assert_eq!(detect_format(&picture.full), Ok(ImageFormat::Png));
    }

    #[test]
    fn a_picture_larger_than_the_decoder_allows_is_refused() {
        // Tiny as a file (one colour compresses to nothing), huge once decoded.
        let wide = encoded(
            DynamicImage::new_luma8(MAX_DECODED_SIDE + 1, 1),
            ImageFormat::Png,
        );

        assert!(wide.len() < MAX_UPLOAD_BYTES);
        assert!(process(&wide).is_err());
    }

    #[test]
    fn a_small_file_that_would_decode_to_too_much_memory_is_refused() {
        // Under 1 MB as a file, 192 MB once decoded: a decompression bomb.
        let bomb = encoded(DynamicImage::new_rgb8(7_999, 7_999), ImageFormat::Png);

        assert!(bomb.len() < MAX_UPLOAD_BYTES);
        assert!(process(&bomb).is_err());
    }
}
