/* CPNGCodec: libpng's full API behind status codes; see include/cpng_codec.h.
 *
 * Every setjmp is in this file. Whatever changes after setjmp and is needed after a longjmp
 * (buffers to free, the status to return) lives in a heap-allocated state struct reached
 * through a pointer that is set before setjmp and never changed, so no automatic variable
 * changed after setjmp is read after the jump (C11 7.13.2.1).
 */
#include "cpng_codec.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

/* Copies `text` into a message buffer, truncated and NUL-terminated. */
static void set_message(char *message, const char *text) {
    strncpy(message, text ? text : "", CPNG_MESSAGE_SIZE - 1);
    message[CPNG_MESSAGE_SIZE - 1] = '\0';
}

/* libpng's error callback: keep the message, jump back to the setjmp in this file. The
   error pointer is the caller's message buffer. */
static void on_error(png_structp png, png_const_charp text) {
    char *message = png_get_error_ptr(png);
    if (message) set_message(message, text);
    png_longjmp(png, 1);
}

/* libpng's warning callback: warnings (for example benign errors in ancillary chunks) are
   not errors here and must not reach stderr. */
static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/* MARK: Decoding */

/* The input cursor, the buffers to free if libpng jumps out, the status to return then. */
typedef struct {
    const uint8_t *bytes;
    size_t count;
    size_t offset;
    uint8_t *samples;
    png_bytep *rows;
    cpng_status status;
} read_state;

/* png_set_read_fn callback: the next `length` bytes of the in-memory PNG. */
static void read_from_memory(png_structp png, png_bytep destination, size_t length) {
    read_state *state = png_get_io_ptr(png);
    if (length > state->count - state->offset) {
        png_error(png, "unexpected end of file (the PNG is truncated)");
    }
    memcpy(destination, state->bytes + state->offset, length);
    state->offset += length;
}

void cpng_decoded_free(cpng_decoded *out) {
    if (!out) return;
    free(out->samples);
    out->samples = NULL;
}

cpng_status cpng_decode(const uint8_t *bytes, size_t count, uint64_t max_pixels,
                        cpng_decoded *out) {
    memset(out, 0, sizeof *out);
    if (count < 8 || png_sig_cmp(bytes, 0, 8) != 0) {
        set_message(out->message, "Not a PNG file");
        return CPNG_NOT_PNG;
    }
    read_state *const state = calloc(1, sizeof *state);
    png_structp png = state ? png_create_read_struct(PNG_LIBPNG_VER_STRING, out->message,
                                                     on_error, on_warning) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        if (png) png_destroy_read_struct(&png, NULL, NULL);
        free(state);
        set_message(out->message, "out of memory");
        return CPNG_NO_MEMORY;
    }
    *state = (read_state){bytes, count, 8, NULL, NULL, CPNG_CORRUPT};

    if (setjmp(png_jmpbuf(png))) {
        cpng_status status = state->status;
        free(state->rows);
        free(state->samples);
        free(state);
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }
    png_set_read_fn(png, state, read_from_memory);
    png_set_sig_bytes(png, 8);
    /* No width or height limit of libpng's own (1,000,000): max_pixels below is the limit. */
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    /* Skip every ancillary chunk but tRNS unread: no gamma, colour space or text handling. */
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    out->file_color_type = (uint32_t)color_type;
    out->file_bit_depth = (uint32_t)bit_depth;
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    if ((uint64_t)width * height > max_pixels) {
        set_message(out->message, "image too large");
        state->status = CPNG_TOO_LARGE;
        png_longjmp(png, 1);
    }

    png_set_expand(png);
    if (bit_depth == 16) {
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);   /* little-endian host */
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    size_t sample_bytes = out->bit_depth / 8;
    if ((out->bit_depth != 8 && out->bit_depth != 16) || out->channels < 1 || out->channels > 4
        || row_bytes != (size_t)width * out->channels * sample_bytes) {
        png_error(png, "unexpected layout after expansion");
    }
    state->samples = malloc(row_bytes * height);
    state->rows = malloc(sizeof(png_bytep) * height);
    if (!state->samples || !state->rows) {
        set_message(out->message, "out of memory");
        state->status = CPNG_NO_MEMORY;
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < height; y++) state->rows[y] = state->samples + y * row_bytes;
    png_read_image(png, state->rows);
    png_read_end(png, NULL);

    out->samples = state->samples;
    free(state->rows);
    free(state);
    png_destroy_read_struct(&png, &info, NULL);
    return CPNG_OK;
}

/* MARK: Encoding */

/* The growing output buffer. */
typedef struct {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    png_bytep *rows;
} write_state;

/* png_set_write_fn callback: append to the buffer, doubling it as needed. */
static void write_to_memory(png_structp png, png_bytep data, size_t length) {
    write_state *state = png_get_io_ptr(png);
    if (length > SIZE_MAX / 2 - state->size) png_error(png, "output too large");
    if (state->size + length > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 4096;
        while (capacity < state->size + length) capacity *= 2;
        uint8_t *grown = realloc(state->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        state->bytes = grown;
        state->capacity = capacity;
    }
    memcpy(state->bytes + state->size, data, length);
    state->size += length;
}

static void flush_memory(png_structp png) { (void)png; }

void cpng_encoded_free(cpng_encoded *out) {
    if (!out) return;
    free(out->bytes);
    out->bytes = NULL;
    out->size = 0;
}

cpng_status cpng_encode(const void *samples, uint32_t width, uint32_t height,
                        uint32_t channels, uint32_t bit_depth, cpng_encoded *out) {
    memset(out, 0, sizeof *out);
    if ((channels != 1 && channels != 3) || (bit_depth != 8 && bit_depth != 16)) {
        set_message(out->message, "only 1 or 3 channels of 8 or 16 bits are written");
        return CPNG_BAD_REQUEST;
    }
    write_state *const state = calloc(1, sizeof *state);
    png_structp png = state ? png_create_write_struct(PNG_LIBPNG_VER_STRING, out->message,
                                                      on_error, on_warning) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        if (png) png_destroy_write_struct(&png, NULL);
        free(state);
        set_message(out->message, "out of memory");
        return CPNG_NO_MEMORY;
    }

    if (setjmp(png_jmpbuf(png))) {
        free(state->bytes);
        free(state->rows);
        free(state);
        png_destroy_write_struct(&png, &info);
        return CPNG_WRITE_FAILED;
    }
    png_set_write_fn(png, state, write_to_memory, flush_memory);
    png_set_IHDR(png, info, width, height, (int)bit_depth,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    png_write_info(png, info);
    if (bit_depth == 16) {
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);   /* little-endian host */
    }
    size_t row_bytes = (size_t)width * channels * (bit_depth / 8);
    state->rows = malloc(sizeof(png_bytep) * (height ? height : 1));
    if (!state->rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) {
        state->rows[y] = (png_bytep)samples + y * row_bytes;
    }
    png_write_image(png, state->rows);
    png_write_end(png, NULL);

    out->bytes = state->bytes;
    out->size = state->size;
    free(state->rows);
    free(state);
    png_destroy_write_struct(&png, &info);
    return CPNG_OK;
}
