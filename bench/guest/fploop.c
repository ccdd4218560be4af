/* Floating point: mandelbrot (double), n-body step (double), float dot products. */
#include "lib.h"

static double sqrt_d(double x)
{
#ifdef __riscv
    double r;
    __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
    return r;
#else
    return __builtin_sqrt(x);   /* the native build: sqrtsd, correctly rounded like fsqrt.d */
#endif
}

int main(void)
{
    uint64_t sum = 0;
    int iters = 0;

    for (int py = 0; py < 240; py++) {
        for (int px = 0; px < 320; px++) {
            double cr = -2.0 + px * (3.0 / 320), ci = -1.2 + py * (2.4 / 240);
            double zr = 0, zi = 0;
            int k = 0;
            while (k < 1000 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                k++;
            }
            iters += k;
        }
    }
    sum = (uint64_t)iters;

    double x[5] = { 0, 4.84, 8.34, 12.89, 15.37 }, y[5] = { 0, -1.16, 4.12, -15.11, -25.91 };
    double vx[5] = { 0, 0.606, -1.01, 1.08, 0.979 }, vy[5] = { 0, 2.81, 1.82, 0.868, 0.594 };
    double m[5] = { 39.47, 0.037, 0.011, 0.0017, 0.002 };
    for (int step = 0; step < 1000000; step++) {
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                double dx = x[i] - x[j], dy = y[i] - y[j];
                double d2 = dx * dx + dy * dy + 0.01;
                double mag = 0.001 / (d2 * sqrt_d(d2));
                vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag;
                vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag;
            }
        }
        for (int i = 0; i < 5; i++) {
            x[i] += 0.001 * vx[i];
            y[i] += 0.001 * vy[i];
        }
    }
    union { double d; uint64_t u; } cv;
    for (int i = 0; i < 5; i++) {
        cv.d = x[i] + y[i];
        sum = sum * 1000003 + cv.u;
    }

    static float a[1024], b[1024];
    for (int i = 0; i < 1024; i++) {
        a[i] = (float)i * 0.5f;
        b[i] = 1.0f / (float)(i + 1);
    }
    float dot = 0;
    for (int r = 0; r < 3000; r++) {
        for (int i = 0; i < 1024; i++) {
            dot += a[i] * b[i];
        }
    }
    union { float f; uint32_t u; } fv = { .f = dot };
    sum = sum * 31 + fv.u;
    report("fploop", sum);
    return 0;
}
