/*
 * This machine's FP32 FMA peak and memory bandwidth, the limits the benchmark tables are read
 * against (bench/results/opencl.md). AVX-512 where the compiler targets it (-march=native on
 * such a CPU), else AVX2 + FMA; one OpenMP thread per core.
 *
 *     gcc -O3 -march=native -ffast-math -fopenmp bench/scripts/machine_limits.c -o /tmp/machine_limits
 *     OMP_NUM_THREADS=2 /tmp/machine_limits          # on a shared machine: chrt -f 10 /tmp/machine_limits
 *
 * Peak: ten independent chains of 16-wide (AVX-512) or 8-wide fused multiply-adds per thread (enough to cover the
 * latency of two FMA pipes), 2 FLOP per lane. Bandwidth: the best of 8 passes over 512 MB arrays
 * of a sum (read), a copy and a triad (bytes of every stream counted once).
 */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#ifdef __AVX512F__
#define VEC __m512
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMADD _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STOREU _mm512_storeu_ps
#else
#define VEC __m256
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMADD _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STOREU _mm256_storeu_ps
#endif

static double fma_peak(void) {
    const long iters = 25000000;
    double flops = 0;
    double t = now();
#pragma omp parallel reduction(+ : flops)
    {
        VEC a[10];
        for (int k = 0; k < 10; k++) {
            a[k] = SET1(1.0f + k);
        }
        const VEC m = SET1(0.9999f), c = SET1(0.0001f);
        for (long i = 0; i < iters; i++) {
            for (int k = 0; k < 10; k++) {
                a[k] = FMADD(a[k], m, c);
            }
        }
        float s[LANES];
        VEC sum = a[0];
        for (int k = 1; k < 10; k++) {
            sum = ADD(sum, a[k]);
        }
        STOREU(s, sum);
        if (s[0] == 42.0f) {
            printf("(never)\n"); /* keeps the chains alive */
        }
        flops += iters * 10.0 * LANES * 2;
    }
    return flops / (now() - t) / 1e9;
}

int main(void) {
    printf("threads %d\n", omp_get_max_threads());
    printf("vector    %d lanes\n", LANES);
    printf("fma peak  %6.1f GFLOP/s\n", fma_peak());
    const long n = 1L << 27;
    float *a = aligned_alloc(64, n * 4), *b = aligned_alloc(64, n * 4), *c = aligned_alloc(64, n * 4);
#pragma omp parallel for
    for (long i = 0; i < n; i++) {
        a[i] = 1;
        b[i] = 2;
        c[i] = 0;
    }
    double read = 1e9, copy = 1e9, triad = 1e9;
    float sink = 0;
    for (int r = 0; r < 8; r++) {
        double t = now();
        float s = 0;
#pragma omp parallel for reduction(+ : s)
        for (long i = 0; i < n; i++) {
            s += a[i];
        }
        double dt = now() - t;
        sink += s;
        read = dt < read ? dt : read;
        t = now();
#pragma omp parallel for
        for (long i = 0; i < n; i++) {
            c[i] = a[i];
        }
        dt = now() - t;
        copy = dt < copy ? dt : copy;
        t = now();
#pragma omp parallel for
        for (long i = 0; i < n; i++) {
            c[i] = a[i] + 1.5f * b[i];
        }
        dt = now() - t;
        triad = dt < triad ? dt : triad;
    }
    printf("read      %6.1f GB/s\n", n * 4.0 / read / 1e9);
    printf("copy      %6.1f GB/s (2 streams)\n", n * 8.0 / copy / 1e9);
    printf("triad     %6.1f GB/s (3 streams)%s\n", n * 12.0 / triad / 1e9, sink == 0 ? " " : "");
    return 0;
}
