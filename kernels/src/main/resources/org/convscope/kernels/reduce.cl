// Reductions to a host scalar, in two stages: each work-group reduces a share of the input to
// one partial value, the host adds the partials (in double). Within a work-item the sum
// is compensated (Kahan), so a float accumulator keeps the reference's accuracy.
// The local size is chosen by the host (a power of two) and passed as the size of `scratch`.

// The tree sum of scratch[0 .. lsize) into scratch[0] after each work-item stored its share at
// scratch[lid] (lsize a power of two); every work-item of the group must reach it.
#define LOCAL_TREE_SUM(scratch, lid, lsize)                 \
    barrier(CLK_LOCAL_MEM_FENCE);                           \
    for (int step = (lsize) / 2; step > 0; step /= 2) {     \
        if ((lid) < step) {                                 \
            (scratch)[lid] += (scratch)[(lid) + step];      \
        }                                                   \
        barrier(CLK_LOCAL_MEM_FENCE);                       \
    }

// The term of element (v, w) of x and y: what 0 v, 1 |v|, 2 v*w, 3 v^2 (float or float8).
#define REDUCE_TERM(what, v, w) ((what) == 0 ? (v) : (what) == 1 ? fabs(v) : (what) == 2 ? (v) * (w) : (v) * (v))

// One compensated (Kahan) step of type T: s += t, the lost low part kept in comp.
#define KAHAN_ADD(T, s, comp, t)   \
    {                              \
        const T yk = (t) - (comp); \
        const T sk = (s) + yk;     \
        (comp) = (sk - (s)) - yk;  \
        (s) = sk;                  \
    }

// what: 0 sum x, 1 sum |x|, 2 sum x*y, 3 sum x^2. Work-group g reduces the contiguous segment
// [g*seg, (g+1)*seg) of the input (seg a multiple of 8), its work-items taking the segment's
// float8 runs in turn (work-item l the runs l, l + L, l + 2L, ...): on a GPU neighbouring
// work-items read neighbouring memory, and a runtime that runs a work-group's work-items one after
// another on a CPU core finds the runs it skipped in cache when the next work-item reads them
// (a grid-wide stride, the form before, ran a 16 MB dot product at 0.8 GB/s on PoCL). Each lane
// of the float8 sum is compensated; the elements past the last whole run go to work-item 0.
__kernel void kernel_reduce_sum_f32(const int n, const int what, const int seg, __global const float *x,
                                    __global const float *y, __global float *partial,
                                    __local float *scratch) {
    const int lid = get_local_id(0);
    const int lsize = get_local_size(0);
    const int start = get_group_id(0) * seg;
    const int end = min(n, start + seg);
    const int end8 = start + max(0, end - start) / 8 * 8;
    float8 s8 = (float8)(0.0f);
    float8 c8 = (float8)(0.0f);
    for (int i = start + lid * 8; i < end8; i += lsize * 8) {
        const float8 v = vload8(0, x + i);
        const float8 w = what == 2 ? vload8(0, y + i) : v;
        KAHAN_ADD(float8, s8, c8, REDUCE_TERM(what, v, w));
    }
    float s = ((s8.s0 + s8.s4) + (s8.s1 + s8.s5)) + ((s8.s2 + s8.s6) + (s8.s3 + s8.s7));
    float comp = ((c8.s0 + c8.s4) + (c8.s1 + c8.s5)) + ((c8.s2 + c8.s6) + (c8.s3 + c8.s7));
    if (lid == 0) {
        for (int i = end8; i < end; i++) {
            const float v = x[i];
            const float w = what == 2 ? y[i] : v;
            KAHAN_ADD(float, s, comp, REDUCE_TERM(what, v, w));
        }
    }
    scratch[lid] = s - comp;
    LOCAL_TREE_SUM(scratch, lid, lsize);
    if (lid == 0) {
        partial[get_group_id(0)] = scratch[0];
    }
}

// Is (va, ia) the better of two candidates for the argmax? The larger value wins, NaN never wins
// over a number, and on ties (or two NaNs) the smaller index wins.
inline int argmax_better(const float va, const int ia, const float vb, const int ib) {
    const int na = isnan(va);
    const int nb = isnan(vb);
    if (na != nb) {
        return nb;
    }
    if (!na && va != vb) {
        return va > vb;
    }
    return ia < ib;
}

// The largest element and its index: work-group g takes the segment [g*seg, (g+1)*seg) the way
// kernel_reduce_sum_f32 does, each lane of a work-item keeping its best (a run's elements come in
// rising index order, so a tie keeps the earlier one), then the lanes, the tail and the group
// are merged by argmax_better.
__kernel void kernel_reduce_argmax_f32(const int n, const int seg, __global const float *x,
                                       __global float *partialValue, __global int *partialIndex,
                                       __local float *scratchValue, __local int *scratchIndex) {
    const int lid = get_local_id(0);
    const int lsize = get_local_size(0);
    const int start = get_group_id(0) * seg;
    const int end = min(n, start + seg);
    const int end8 = start + max(0, end - start) / 8 * 8;
    const int8 lane = (int8)(0, 1, 2, 3, 4, 5, 6, 7);
    float8 bv = (float8)(NAN);
    int8 bi = (int8)(n); // past the end: loses every comparison with a real element
    for (int i = start + lid * 8; i < end8; i += lsize * 8) {
        const float8 v = vload8(0, x + i);
        const int8 vnan = isnan(v);
        // take v where the lane has nothing yet, where it holds a NaN and v is a number, or where
        // v is a larger number
        const int8 take = (bi == (int8)(n)) | (isnan(bv) & ~vnan) | (~vnan & (v > bv));
        bv = select(bv, v, take);
        bi = select(bi, (int8)(i) + lane, take);
    }
    float lv[8];
    int li[8];
    vstore8(bv, 0, lv);
    vstore8(bi, 0, li);
    float best = NAN;
    int at = n;
    for (int l = 0; l < 8; l++) {
        if (li[l] < n && (at == n || argmax_better(lv[l], li[l], best, at))) {
            best = lv[l];
            at = li[l];
        }
    }
    if (lid == 0) {
        for (int i = end8; i < end; i++) {
            const float v = x[i];
            if (at == n || argmax_better(v, i, best, at)) {
                best = v;
                at = i;
            }
        }
    }
    scratchValue[lid] = best;
    scratchIndex[lid] = at;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int step = lsize / 2; step > 0; step /= 2) {
        if (lid < step) {
            const float v = scratchValue[lid + step];
            const int k = scratchIndex[lid + step];
            if (k < n && (scratchIndex[lid] == n || argmax_better(v, k, scratchValue[lid], scratchIndex[lid]))) {
                scratchValue[lid] = v;
                scratchIndex[lid] = k;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        partialValue[get_group_id(0)] = scratchValue[0];
        partialIndex[get_group_id(0)] = scratchIndex[0];
    }
}

// db[k] (+)= sum over n and the plane of dy[n, k, .]: one work-group per channel k.
__kernel void kernel_channel_sum_f32(const int items, const int channels, const int plane,
                                     __global const float *dy, __global float *db, const int accumulate,
                                     __local float *scratch) {
    const int k = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsize = get_local_size(0);
    float s = 0.0f;
    float comp = 0.0f;
    for (int n = 0; n < items; n++) {
        __global const float *p = dy + ((long) n * channels + k) * plane;
        for (int i = lid; i < plane; i += lsize) {
            const float yk = p[i] - comp;
            const float sk = s + yk;
            comp = (sk - s) - yk;
            s = sk;
        }
    }
    scratch[lid] = s;
    LOCAL_TREE_SUM(scratch, lid, lsize);
    if (lid == 0) {
        db[k] = accumulate ? db[k] + scratch[0] : scratch[0];
    }
}

// The number of elements below a threshold (NaN is not): each work-group counts its segment the
// way kernel_reduce_sum_f32 reads it and writes its count, the host adds them.
__kernel void kernel_count_below_f32(const int n, const int seg, const float threshold, __global const float *x,
                                     __global int *partial, __local int *scratch) {
    const int lid = get_local_id(0);
    const int lsize = get_local_size(0);
    const int start = get_group_id(0) * seg;
    const int end = min(n, start + seg);
    const int end8 = start + max(0, end - start) / 8 * 8;
    int8 c8 = (int8)(0);
    for (int i = start + lid * 8; i < end8; i += lsize * 8) {
        c8 -= vload8(0, x + i) < (float8)(threshold); // true is -1
    }
    int c = ((c8.s0 + c8.s4) + (c8.s1 + c8.s5)) + ((c8.s2 + c8.s6) + (c8.s3 + c8.s7));
    if (lid == 0) {
        for (int i = end8; i < end; i++) {
            c += x[i] < threshold ? 1 : 0;
        }
    }
    scratch[lid] = c;
    LOCAL_TREE_SUM(scratch, lid, lsize);
    if (lid == 0) {
        partial[get_group_id(0)] = scratch[0];
    }
}

// y[r, .] = the one-hot of row r's argmax (argmax_better's rule: the first of the largest, NaN last):
// one work-item per row, which scans its row twice (the rows are short: positions x guide features).
__kernel void kernel_one_hot_argmax_f32(const int rows, const int q, __global const float *x, __global float *y) {
    const int r = get_global_id(0);
    if (r < rows) {
        __global const float *row = x + (long) r * q;
        int best = 0;
        for (int i = 1; i < q; i++) {
            if (argmax_better(row[i], i, row[best], best)) {
                best = i;
            }
        }
        __global float *out = y + (long) r * q;
        for (int i = 0; i < q; i++) {
            out[i] = i == best ? 1.0f : 0.0f;
        }
    }
}
