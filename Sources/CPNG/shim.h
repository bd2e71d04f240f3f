/* CPNG: libpng's simplified (png_image) API for Swift.
 *
 * libpng's function-like macros (PNG_IMAGE_VERSION, PNG_FORMAT_*, PNG_IMAGE_SIZE,
 * PNG_IMAGE_FAILED, ...) do not import into Swift; these static inline functions
 * expose the few that ImageIO needs. Every call into libpng is made from one Swift
 * file: Sources/ImageIO/Internals/LibPNG.swift.
 */
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <png.h>

/* PNG_IMAGE_VERSION: the value png_image.version must hold. */
static inline png_uint_32 cpng_image_version(void) { return PNG_IMAGE_VERSION; }

/* PNG_FORMAT_FLAG_*: the bits of png_image.format. */
static inline png_uint_32 cpng_format_flag_alpha(void) { return PNG_FORMAT_FLAG_ALPHA; }
static inline png_uint_32 cpng_format_flag_color(void) { return PNG_FORMAT_FLAG_COLOR; }
static inline png_uint_32 cpng_format_flag_linear(void) { return PNG_FORMAT_FLAG_LINEAR; }
static inline png_uint_32 cpng_format_flag_colormap(void) { return PNG_FORMAT_FLAG_COLORMAP; }

/* PNG_FORMAT_*: 8-bit sRGB-encoded formats. */
static inline png_uint_32 cpng_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 cpng_format_ga(void) { return PNG_FORMAT_GA; }
static inline png_uint_32 cpng_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 cpng_format_rgba(void) { return PNG_FORMAT_RGBA; }

/* PNG_IMAGE_FLAG_16BIT_sRGB: read 16-bit files without gAMA/sRGB as sRGB-encoded, not linear. */
static inline png_uint_32 cpng_flag_16bit_srgb(void) { return PNG_IMAGE_FLAG_16BIT_sRGB; }

/* PNG_IMAGE_FAILED: non-zero when the last call on `image` failed (not for mere warnings). */
static inline int cpng_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }

/* PNG_IMAGE_PIXEL_CHANNELS(format): samples per pixel in the buffer. */
static inline png_uint_32 cpng_pixel_channels(png_uint_32 format) {
    return PNG_IMAGE_PIXEL_CHANNELS(format);
}

/* PNG_IMAGE_SIZE: bytes of the image buffer for image->format, width and height. */
static inline png_alloc_size_t cpng_image_size(const png_image *image) {
    return PNG_IMAGE_SIZE(*image);
}

/* PNG_IMAGE_PNG_SIZE_MAX: an upper bound on the size of the PNG written for `image`. */
static inline png_alloc_size_t cpng_png_size_max(const png_image *image) {
    return PNG_IMAGE_PNG_SIZE_MAX(*image);
}

/* png_image.message: libpng's NUL-terminated error or warning text. */
static inline const char *cpng_message(const png_image *image) { return image->message; }

#endif /* CPNG_SHIM_H */
