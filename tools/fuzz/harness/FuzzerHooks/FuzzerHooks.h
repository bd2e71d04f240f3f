/* FuzzerHooks: libFuzzer's own mutator, callable from a Swift custom mutator. */
#ifndef FUZZER_HOOKS_H
#define FUZZER_HOOKS_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's built-in mutation of Data[0..<Size] in place (dictionary included);
   returns the new size, at most MaxSize. Defined by the libFuzzer runtime. */
size_t LLVMFuzzerMutate(uint8_t *Data, size_t Size, size_t MaxSize);

#endif
