// libFuzzer's driver, in the fuzzer runtime that `-sanitize=fuzzer` links. A fuzz target's own
// `main` (SwiftPM renames an executable's entry point, so libFuzzer's `main` cannot serve) hands
// it the command line and the function to fuzz.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
