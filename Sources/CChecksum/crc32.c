// CRC-32 by carry-less multiplication folding (Gopal et al., "Fast CRC Computation for
// Generic Polynomials Using PCLMULQDQ Instruction", Intel, 2009), in the bit-reflected
// domain of zlib's CRC. Blocks of 16 bytes are folded forward onto later ones with constants
// x^(d) mod P; the last folded block and the tail are finished by zlib itself, so the
// result is zlib's by construction (the tests compare the two on many lengths and offsets).
#include "CChecksum.h"

#include <zlib.h>

#if defined(__x86_64__)
#include <immintrin.h>

// Fold distances 512 and 128 bits: {x^(4*128+32) mod P, x^(4*128-32) mod P} and
// {x^(128+32) mod P, x^(128-32) mod P}, bit-reflected and shifted as the folding needs.
#define K1 0x154442bd4ULL
#define K2 0x1c6e41596ULL
#define K3 0x1751997d0ULL
#define K4 0x0ccaa009eULL

__attribute__((target("pclmul,sse4.1")))
static inline __m128i fold(__m128i x, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul,sse4.1")))
static uint32_t crc32_pclmul(uint32_t crc, const unsigned char *p, size_t n) {
    const __m128i k12 = _mm_set_epi64x((long long)K2, (long long)K1);
    const __m128i k34 = _mm_set_epi64x((long long)K4, (long long)K3);
    __m128i x0 = _mm_loadu_si128((const __m128i *)(p + 0));
    __m128i x1 = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(p + 48));
    // zlib's pre-inversion: the register starts as ~crc, i.e. ~crc xored into the first 4 bytes.
    x0 = _mm_xor_si128(x0, _mm_cvtsi32_si128((int)~crc));
    p += 64;
    n -= 64;
    while (n >= 64) {
        x0 = _mm_xor_si128(fold(x0, k12), _mm_loadu_si128((const __m128i *)(p + 0)));
        x1 = _mm_xor_si128(fold(x1, k12), _mm_loadu_si128((const __m128i *)(p + 16)));
        x2 = _mm_xor_si128(fold(x2, k12), _mm_loadu_si128((const __m128i *)(p + 32)));
        x3 = _mm_xor_si128(fold(x3, k12), _mm_loadu_si128((const __m128i *)(p + 48)));
        p += 64;
        n -= 64;
    }
    __m128i x = _mm_xor_si128(fold(x0, k34), x1);
    x = _mm_xor_si128(fold(x, k34), x2);
    x = _mm_xor_si128(fold(x, k34), x3);
    while (n >= 16) {
        x = _mm_xor_si128(fold(x, k34), _mm_loadu_si128((const __m128i *)p));
        p += 16;
        n -= 16;
    }
    // The folded block has the raw (uninverted, zero-start) CRC of everything so far;
    // zlib started from 0xFFFFFFFF computes exactly that raw CRC, inverted once at the end.
    unsigned char block[16];
    _mm_storeu_si128((__m128i *)block, x);
    uint32_t c = (uint32_t)crc32(0xFFFFFFFFUL, block, 16);
    return (uint32_t)crc32(c, p, (uInt)n);
}
#endif

uint32_t latentpipe_crc32(uint32_t crc, const unsigned char *data, size_t length) {
#if defined(__x86_64__)
    static int usable = -1;
    if (usable < 0) {
        __builtin_cpu_init();
        usable = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
    }
    if (usable && length >= 64) return crc32_pclmul(crc, data, length);
#endif
    while (length > 0) {
        uInt chunk = length > (1u << 30) ? (1u << 30) : (uInt)length;
        crc = (uint32_t)crc32(crc, data, chunk);
        data += chunk;
        length -= chunk;
    }
    return crc;
}
