/* CPNGCodec: PNG decoding and encoding through libpng's full API, for Swift.
 *
 * libpng reports errors by longjmp from its error callback. Every setjmp and every libpng
 * call lives in cpng_codec.c, so no longjmp ever crosses a Swift frame: each function here
 * returns a status code and copies libpng's message into the caller's struct. No libpng
 * type appears in this header. The only Swift caller is Sources/ImageIO/Internals/LibPNG.swift.
 */
#ifndef CPNG_CODEC_H
#define CPNG_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* The outcome of cpng_decode and cpng_encode. */
typedef enum {
    CPNG_OK = 0,
    /* The input does not start with the 8-byte PNG signature. */
    CPNG_NOT_PNG = 1,
    /* libpng refused the data: truncated, bad CRC, bad compressed data, invalid header. */
    CPNG_CORRUPT = 2,
    /* width x height exceeds the max_pixels given by the caller (checked from IHDR, before
       any pixel buffer is allocated). */
    CPNG_TOO_LARGE = 3,
    /* malloc failed. */
    CPNG_NO_MEMORY = 4,
    /* Arguments cpng_encode does not handle (channels other than 1 or 3, depth not 8 or 16). */
    CPNG_BAD_REQUEST = 5,
    /* libpng refused to encode (for example a zero width or height). */
    CPNG_WRITE_FAILED = 6,
} cpng_status;

/* Room for libpng's message, NUL-terminated (libpng's own messages are shorter). */
#define CPNG_MESSAGE_SIZE 200

/* A decoded image: the stored samples, expanded but never rescaled in value beyond what the
   expansion to 8 bits needs (see cpng_decode). */
typedef struct {
    uint32_t width;
    uint32_t height;
    /* Samples per pixel after expansion: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
    uint32_t channels;
    /* 8 or 16: the width of each sample in `samples`. */
    uint32_t bit_depth;
    /* The file's IHDR values: colour type (0, 2, 3, 4, 6), bit depth (1 to 16), interlace. */
    uint32_t file_color_type;
    uint32_t file_bit_depth;
    uint32_t interlaced;
    /* height * width * channels samples, row-major, channels interleaved: uint8_t when
       bit_depth is 8, uint16_t in host byte order when 16. malloc'd; free with
       cpng_decoded_free. NULL unless the status is CPNG_OK. */
    void *samples;
    /* libpng's message (or ours) when the status is not CPNG_OK; empty otherwise. */
    char message[CPNG_MESSAGE_SIZE];
} cpng_decoded;

/* Decodes the PNG held in bytes[0..<count] with png_read_info, png_set_expand,
 * png_set_swap (little-endian hosts), png_set_interlace_handling, png_read_update_info,
 * png_read_image and png_read_end.
 *
 * Samples are the stored ones: no gamma or colour-space change (gAMA, sRGB, iCCP, cHRM, sBIT
 * and every other ancillary chunk except tRNS are skipped unread). Expansion only:
 * gray of 1, 2 or 4 bits becomes 8 bits scaled to the full range (v * 255 / (2^d - 1), exact);
 * palette entries are looked up (RGB, 8 bits); a tRNS chunk becomes an alpha channel
 * (palette alpha from tRNS; for gray or RGB, 0 where the pixel equals the tRNS value, else the
 * maximum). 16-bit files stay 16-bit. Interlaced files are de-interlaced.
 *
 * A trailing truncation (a file cut before IEND) is an error, as is a CRC error in any
 * critical chunk. width * height > max_pixels gives CPNG_TOO_LARGE with width and height
 * filled in. On failure `samples` is NULL and `message` says why.
 */
cpng_status cpng_decode(const uint8_t *bytes, size_t count, uint64_t max_pixels,
                        cpng_decoded *out);

/* Frees out->samples (safe on a failed or zeroed struct). */
void cpng_decoded_free(cpng_decoded *out);

/* An encoded PNG: `size` bytes at `bytes` (malloc'd; free with cpng_encoded_free). */
typedef struct {
    uint8_t *bytes;
    size_t size;
    char message[CPNG_MESSAGE_SIZE];
} cpng_encoded;

/* Encodes width x height pixels of `channels` (1 gray, 3 RGB) samples of bit_depth 8
 * (uint8_t) or 16 (uint16_t, host byte order), row-major, channels interleaved, as a
 * non-interlaced PNG with png_set_IHDR, png_set_sRGB (perceptual intent: the values are
 * written as they are, declared sRGB-encoded), png_write_info, png_write_image and
 * png_write_end into memory. Zero width or height is refused by libpng (CPNG_WRITE_FAILED
 * with its message).
 */
cpng_status cpng_encode(const void *samples, uint32_t width, uint32_t height,
                        uint32_t channels, uint32_t bit_depth, cpng_encoded *out);

/* Frees out->bytes (safe on a failed or zeroed struct). */
void cpng_encoded_free(cpng_encoded *out);

#endif /* CPNG_CODEC_H */
