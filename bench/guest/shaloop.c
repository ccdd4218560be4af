/* Integer kernels real software spends time in: SHA-256 (FIPS 180-4) and the
   ChaCha20 cipher (RFC 8439), over a 4 MiB buffer.  Each round encrypts the
   buffer with a key taken from the previous digest, then hashes it, so every
   round depends on the one before.  Known-answer tests run first; their
   results are folded into the checksum, and a failure also makes the exit
   status non-zero. */
#include "lib.h"

#define BUF_SIZE (4u << 20)
#define ROUNDS 20

static uint32_t buf[BUF_SIZE / 4];

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
   roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static inline uint32_t rotl32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* FIPS 180-4 6.2.2: one 64-byte block. */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];

    for (int t = 0; t < 16; t++) {
        w[t] = load_be32(p + 4 * t);
    }
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr32(w[t - 15], 7) ^ rotr32(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr32(w[t - 2], 17) ^ rotr32(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = hh + (rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25)) +
                      ((e & f) ^ (~e & g)) + sha256_k[t] + w[t];
        uint32_t t2 = (rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22)) +
                      ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* The digest of n bytes, as the eight words H0..H7 (FIPS 180-4 6.2). */
static void sha256(const uint8_t *p, size_t n, uint32_t h[8])
{
    /* FIPS 180-4 5.3.3: fractional parts of the square roots of the first 8 primes. */
    static const uint32_t h0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    uint8_t tail[128];
    size_t full = n & ~(size_t)63, rest = n - full, len;

    for (int i = 0; i < 8; i++) {
        h[i] = h0[i];
    }
    for (size_t off = 0; off < full; off += 64) {
        sha256_block(h, p + off);
    }
    /* 5.1.1: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number. */
    len = rest + 9 <= 64 ? 64 : 128;
    for (size_t i = 0; i < len; i++) {
        tail[i] = i < rest ? p[full + i] : 0;
    }
    tail[rest] = 0x80;
    for (int i = 0; i < 8; i++) {
        tail[len - 1 - i] = (uint8_t)(((uint64_t)n * 8) >> (8 * i));
    }
    sha256_block(h, tail);
    if (len == 128) {
        sha256_block(h, tail + 64);
    }
}

#define QUARTER_ROUND(a, b, c, d) do {                  \
        a += b; d ^= a; d = rotl32(d, 16);              \
        c += d; b ^= c; b = rotl32(b, 12);              \
        a += b; d ^= a; d = rotl32(d, 8);               \
        c += d; b ^= c; b = rotl32(b, 7);               \
    } while (0)

/* RFC 8439 2.3: the 16 keystream words for one block counter. */
static void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
                           uint32_t out[16])
{
    uint32_t s[16] = {
        0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,   /* "expand 32-byte k" */
        key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
        counter, nonce[0], nonce[1], nonce[2],
    };
    uint32_t x[16];

    for (int i = 0; i < 16; i++) {
        x[i] = s[i];
    }
    for (int i = 0; i < 10; i++) {
        QUARTER_ROUND(x[0], x[4], x[8], x[12]);    /* columns */
        QUARTER_ROUND(x[1], x[5], x[9], x[13]);
        QUARTER_ROUND(x[2], x[6], x[10], x[14]);
        QUARTER_ROUND(x[3], x[7], x[11], x[15]);
        QUARTER_ROUND(x[0], x[5], x[10], x[15]);   /* diagonals */
        QUARTER_ROUND(x[1], x[6], x[11], x[12]);
        QUARTER_ROUND(x[2], x[7], x[8], x[13]);
        QUARTER_ROUND(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        out[i] = x[i] + s[i];
    }
}

/* RFC 8439 2.4, counter from 0.  Words are the little-endian serialization on
   the (little-endian) guest and host. */
static void chacha20_xor(uint32_t *p, size_t nwords, const uint32_t key[8],
                         const uint32_t nonce[3])
{
    uint32_t ks[16];

    for (size_t i = 0; i < nwords; i += 16) {
        chacha20_block(key, (uint32_t)(i / 16), nonce, ks);
        for (int j = 0; j < 16; j++) {
            p[i + j] ^= ks[j];
        }
    }
}

static uint64_t fold(uint64_t sum, const uint32_t *w, int n)
{
    for (int i = 0; i < n; i++) {
        sum = (sum ^ w[i]) * 0x100000001b3ull;
    }
    return sum;
}

/* Known answers: FIPS 180-2 appendix B.1 and B.2, RFC 8439 2.3.2.  Returns the
   number of wrong results and folds the results into *sum. */
static int self_test(uint64_t *sum)
{
    static const uint32_t abc[8] = {
        0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
        0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad,
    };
    static const uint32_t two_block[8] = {
        0x248d6a61, 0xd20638b8, 0xe5c02693, 0x0c3e6039,
        0xa33ce459, 0x64ff2167, 0xf6ecedd4, 0x19db06c1,
    };
    static const uint32_t chacha[16] = {
        0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3,
        0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
        0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9,
        0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
    };
    static const uint32_t nonce[3] = { 0x09000000, 0x4a000000, 0 };
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint32_t h[8], key[8], ks[16];
    int bad = 0;

    sha256((const uint8_t *)"abc", 3, h);
    for (int i = 0; i < 8; i++) {
        bad += h[i] != abc[i];
    }
    *sum = fold(*sum, h, 8);
    sha256((const uint8_t *)msg, 56, h);
    for (int i = 0; i < 8; i++) {
        bad += h[i] != two_block[i];
    }
    *sum = fold(*sum, h, 8);
    for (int i = 0; i < 8; i++) {   /* key bytes 00 01 02 ... 1f */
        key[i] = 0x03020100u + 0x04040404u * (uint32_t)i;
    }
    chacha20_block(key, 1, nonce, ks);
    for (int i = 0; i < 16; i++) {
        bad += ks[i] != chacha[i];
    }
    *sum = fold(*sum, ks, 16);
    return bad;
}

int main(void)
{
    uint64_t sum = 0xcbf29ce484222325ull, x = 0x9e3779b97f4a7c15ull;
    uint32_t digest[8], nonce[3] = { 0, 0, 0 };
    int bad = self_test(&sum);

    for (size_t i = 0; i < BUF_SIZE / 4; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        buf[i] = (uint32_t)(x >> 32);
    }
    sha256((const uint8_t *)buf, BUF_SIZE, digest);
    for (uint32_t r = 0; r < ROUNDS; r++) {
        nonce[0] = r;
        chacha20_xor(buf, BUF_SIZE / 4, digest, nonce);
        sha256((const uint8_t *)buf, BUF_SIZE, digest);
        sum = fold(sum, digest, 8);
    }
    report("shaloop", sum);
    return bad != 0;
}
