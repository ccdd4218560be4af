/* Register-only integer compute: hashing, bit mixing and Collatz steps, with
   no memory traffic and no division, so translation quality dominates. */
#include "lib.h"

static uint64_t mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ull;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dull;
    return x ^ (x >> 33);
}

int main(void)
{
    uint64_t sum = 0, x = 1;

    for (uint64_t i = 0; i < 300000000; i++) {
        x = mix(x + i);
        sum += (x >> 7) ^ (x << 3);
        sum = (sum << 13) | (sum >> 51);
    }
    for (uint64_t n = 1; n < 1500000; n++) {
        uint64_t c = n, steps = 0;
        while (c != 1) {
            c = (c & 1) ? 3 * c + 1 : c >> 1;
            steps++;
        }
        sum += steps;
    }
    report("aluloop", sum);
    return 0;
}
