/* Memory: block copies, a pointer chase over 8 MiB, byte-wise string work. */
#include "lib.h"

#define CHASE (1u << 20)
static uint64_t next[CHASE];
static uint8_t buf_a[1 << 16], buf_b[1 << 16];

int main(void)
{
    uint64_t sum = 0;
    uint64_t x = 12345;

    for (uint32_t i = 0; i < CHASE; i++) {
        next[i] = i;
    }
    for (uint32_t i = CHASE - 1; i > 0; i--) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint32_t j = (uint32_t)(x % (i + 1));
        uint64_t t = next[i]; next[i] = next[j]; next[j] = t;
    }
    uint64_t p = 0;
    for (int i = 0; i < 2000000; i++) {
        p = next[p];
        sum += p;
    }
    for (int r = 0; r < 200; r++) {
        for (int i = 0; i < (1 << 16); i++) {
            buf_a[i] = (uint8_t)(i * 7 + r);
        }
        memcpy(buf_b, buf_a, sizeof(buf_a));
        for (int i = 0; i < (1 << 16); i += 97) {
            sum += buf_b[i];
        }
    }
    report("memloop", sum);
    return 0;
}
