/* CPNG: libpng's headers and library for the C target CPNGCodec (pkg-config libpng).
 *
 * Swift does not import this module: every libpng call is made in C, in
 * Sources/CPNGCodec/cpng_codec.c, so that libpng's setjmp/longjmp error handling never
 * crosses a Swift frame. Swift reaches it through Sources/ImageIO/Internals/LibPNG.swift.
 */
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <png.h>

#endif /* CPNG_SHIM_H */
