/* Integer compute: sieve, CRC-32, insertion/quick sort, 64-bit hashing. */
#include "lib.h"

#define N 200000
static uint8_t sieve[N];
static uint32_t arr[4096];

static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static void qsort_u32(uint32_t *a, long lo, long hi)
{
    while (lo < hi) {
        uint32_t p = a[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) {
            qsort_u32(a, lo, j);
            lo = i;
        } else {
            qsort_u32(a, i, hi);
            hi = j;
        }
    }
}

int main(void)
{
    uint64_t sum = 0;

    for (int round = 0; round < 400; round++) {
        memset(sieve, 1, sizeof(sieve));
        for (long i = 2; i * i < N; i++) {
            if (sieve[i]) {
                for (long j = i * i; j < N; j += i) {
                    sieve[j] = 0;
                }
            }
        }
        for (long i = 2; i < N; i++) {
            sum += sieve[i] ? (uint64_t)i : 0;
        }
        sum ^= crc32(sieve, 65536, (uint32_t)round);
        uint64_t x = 0x9e3779b97f4a7c15ull + (uint64_t)round;
        for (int i = 0; i < 4096; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            arr[i] = (uint32_t)x;
        }
        qsort_u32(arr, 0, 4095);
        for (int i = 0; i < 4096; i += 64) {
            sum = sum * 31 + arr[i];
        }
        for (uint64_t i = 0; i < 300000; i++) {
            sum = (sum ^ (sum >> 29)) * 0xbf58476d1ce4e5b9ull + i / 3 + i % 7;
        }
    }
    report("intloop", sum);
    return 0;
}
