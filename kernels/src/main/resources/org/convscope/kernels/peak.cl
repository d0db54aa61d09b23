// The device's arithmetic ceiling: every work-item runs ITERS rounds of CHAINS independent fma
// chains on float16 vectors held in registers (no memory traffic but one store), so the time is
// all multiply-adds. FLOPs = global size * ITERS * CHAINS * 16 * 2.

#ifndef CHAINS
#define CHAINS 8
#endif

__kernel void kernel_fma_peak_f32(const int iters, const float a, const float b, __global float *out) {
    float16 acc[CHAINS];
#pragma unroll
    for (int c = 0; c < CHAINS; c++) {
        acc[c] = (float16)((float) get_global_id(0) + (float) c);
    }
    const float16 va = (float16)(a);
    const float16 vb = (float16)(b);
    for (int i = 0; i < iters; i++) {
#pragma unroll
        for (int c = 0; c < CHAINS; c++) {
            acc[c] = fma(acc[c], va, vb);
        }
    }
    float16 s = acc[0];
#pragma unroll
    for (int c = 1; c < CHAINS; c++) {
        s += acc[c];
    }
    // one value per work-item keeps the work observable
    out[get_global_id(0)] = s.s0 + s.s1 + s.s2 + s.s3 + s.s4 + s.s5 + s.s6 + s.s7
            + s.s8 + s.s9 + s.sa + s.sb + s.sc + s.sd + s.se + s.sf;
}
