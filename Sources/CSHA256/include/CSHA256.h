#ifndef TRELLIS_CSHA256_H
#define TRELLIS_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's round constants K0…K63 (FIPS 180-4 §4.2.2), shared with the portable Swift code.
extern const uint32_t trellis_sha256_round_constants[64];

/// Whether this CPU has the SHA-256 instructions used below (x86-64 SHA extensions); 0 on
/// other CPUs, where `trellis_sha256_blocks` must not be called.
int trellis_sha256_accelerated(void);

/// Runs SHA-256's compression function over `count` consecutive 64-byte blocks at `blocks`,
/// updating `state` (the eight working words h0…h7) with the CPU's SHA instructions.
void trellis_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
