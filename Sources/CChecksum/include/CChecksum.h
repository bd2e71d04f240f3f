#ifndef LATENTPIPE_CCHECKSUM_H
#define LATENTPIPE_CCHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32 (zlib's: reflected polynomial 0xEDB88320, pre- and post-inverted) of `length`
/// bytes continued from `crc`, exactly as zlib's crc32(crc, data, length). Uses carry-less
/// multiplication (PCLMULQDQ) folding where the processor has it, zlib otherwise.
uint32_t latentpipe_crc32(uint32_t crc, const unsigned char *data, size_t length);

#endif
