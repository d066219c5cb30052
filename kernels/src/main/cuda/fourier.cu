// Fused Fourier operators of the reciprocal block (SCIENCE.md section 2), one CUDA block per
// (crystal, tile of 128 vectors or 256 atoms); phases are computed on the fly, never stored.
// Work per term (vector n, atom j, channel c): 2 FMAs = 4 FLOP. Each thread owns one vector
// (structure factor) or two atoms (back-projection) and CH channels in registers; the other
// side streams through shared memory in tiles, read as broadcasts.
// Staging is double-buffered with cp.async (sm_80+): the next tile's rows travel from global to
// shared memory while the FMAs run on the current one, without passing through registers (the
// accumulators need all of them: 3 blocks of 128 threads per SM is 170 registers each).
// Phases: fractional coordinates arrive as 32-bit fixed point (f mod 1 times 2^32), so n.f mod 1
// is exact wrapping integer arithmetic (3 IMAD, error ~1e-10 |n|); the angle in [-pi, pi) then
// goes through the hardware sine/cosine (__sincosf, absolute error < 4e-7 on that range).
// The sum over atoms (S) or vectors (u) is split over gridDim.z blocks that add their partial
// sums atomically into a zeroed output, so small batches still fill every SM.

#define CH 64      // channels per thread (one launch row per 64 channels)
#define TILE 32    // atoms per shared-memory tile (structure factor)
#define GROUP 2    // atoms whose phases the structure factor computes together, ahead of their FMAs
#define TILE_U 16  // vectors per shared-memory tile (back-projection)
#define THREADS 128
#define BLOCKS_PER_SM 3
#define TWO_PI_OVER_2_32 1.4629180792671596e-09f

__device__ __forceinline__ void phase(unsigned t, float* s, float* c) {
    __sincosf((float) (int) t * TWO_PI_OVER_2_32, s, c);
}

__device__ __forceinline__ unsigned sharedAddress(const void* p) { return (unsigned) __cvta_generic_to_shared(p); }

// Asynchronous copies global -> shared; with in == false nothing is read and the bytes are zero-filled.
__device__ __forceinline__ void copy4(void* dst, const void* src, bool in) {
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" :: "r"(sharedAddress(dst)), "l"(src), "r"(in ? 4 : 0));
}
__device__ __forceinline__ void copy16(void* dst, const void* src, bool in) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" :: "r"(sharedAddress(dst)), "l"(src), "r"(in ? 16 : 0));
}
__device__ __forceinline__ void commitCopies() { asm volatile("cp.async.commit_group;\n" ::); }
__device__ __forceinline__ void awaitAllButNewest() { asm volatile("cp.async.wait_group 1;\n" ::); }
__device__ __forceinline__ void awaitAll() { asm volatile("cp.async.wait_group 0;\n" ::); }

// Rows [row0, row0 + n) and channels [c0, c0 + CH) of a row-major rows x C matrix into
// dst[ROWS][CH]; rows past n and channels past C are zeros, so they add nothing to the sums.
template <int ROWS>
__device__ __forceinline__ void stageRows(float* dst, const float* src, int row0, int n, int C, int c0) {
    if ((C & 3) == 0) {  // 16-byte copies: row starts and c0 are then multiples of 4 floats
        for (int t = threadIdx.x; t < ROWS * CH / 4; t += THREADS) {
            const int j = t / (CH / 4), c = 4 * (t % (CH / 4));
            const bool in = j < n && c0 + c < C;
            copy16(dst + j * CH + c, in ? src + (size_t)(row0 + j) * C + c0 + c : src, in);
        }
    } else {
        for (int t = threadIdx.x; t < ROWS * CH; t += THREADS) {
            const int j = t / CH, c = t % CH;
            const bool in = j < n && c0 + c < C;
            copy4(dst + t, in ? src + (size_t)(row0 + j) * C + c0 + c : src, in);
        }
    }
}

// n integers, then zeros up to COUNT.
template <int COUNT>
__device__ __forceinline__ void stageInts(unsigned* dst, const unsigned* src, int n) {
    for (int t = threadIdx.x; t < COUNT; t += THREADS) copy4(dst + t, t < n ? src + t : src, t < n);
}

extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS_PER_SM) structure_factor(
        const int* __restrict__ blockCrystal, const int* __restrict__ blockStart,
        const int* __restrict__ atomOffset, const int* __restrict__ vectorOffset,
        const int* __restrict__ miller, const unsigned* __restrict__ frac,
        const float* __restrict__ x, int C, float* __restrict__ sRe, float* __restrict__ sIm) {
    __shared__ __align__(16) float sx[2][TILE * CH];
    __shared__ unsigned sf[2][TILE * 3];
    const int b = blockCrystal[blockIdx.x];
    const int k = blockStart[blockIdx.x] + threadIdx.x;
    const int kEnd = vectorOffset[b + 1];
    const int a0 = atomOffset[b], a1 = atomOffset[b + 1];
    const int c0 = blockIdx.y * CH;
    const bool active = k < kEnd;
    const int per = (a1 - a0 + gridDim.z - 1) / gridDim.z;
    const int jFrom = a0 + blockIdx.z * per, jTo = min(a1, jFrom + per);
    unsigned h = 0, l = 0, m = 0;
    if (active) { h = miller[3 * k]; l = miller[3 * k + 1]; m = miller[3 * k + 2]; }
    float re[CH], im[CH];
#pragma unroll
    for (int q = 0; q < CH; q++) { re[q] = 0.f; im[q] = 0.f; }
    if (jFrom < jTo) {
        const int n = min(TILE, jTo - jFrom);
        stageRows<TILE>(sx[0], x, jFrom, n, C, c0);
        stageInts<TILE * 3>(sf[0], frac + 3 * jFrom, 3 * n);
        commitCopies();
    }
    int buf = 0;
    for (int j0 = jFrom; j0 < jTo; j0 += TILE, buf ^= 1) {
        if (j0 + TILE < jTo) {  // start the next tile, then wait for this one only
            const int next = j0 + TILE, n = min(TILE, jTo - next);
            stageRows<TILE>(sx[buf ^ 1], x, next, n, C, c0);
            stageInts<TILE * 3>(sf[buf ^ 1], frac + 3 * next, 3 * n);
            commitCopies();
            awaitAllButNewest();
        } else {
            awaitAll();
        }
        __syncthreads();
        if (active) {
            const int n = min(TILE, jTo - j0);
            const float* xs = sx[buf];
            const unsigned* fs = sf[buf];
            for (int j = 0; j < n; j += GROUP) {  // a group may run past n into zero rows
                float s[GROUP], c[GROUP];
#pragma unroll
                for (int g = 0; g < GROUP; g++)
                    phase(h * fs[3 * (j + g)] + l * fs[3 * (j + g) + 1] + m * fs[3 * (j + g) + 2], &s[g], &c[g]);
#pragma unroll
                for (int g = 0; g < GROUP; g++) {
                    const float4* xv = reinterpret_cast<const float4*>(xs + (j + g) * CH);
#pragma unroll
                    for (int q = 0; q < CH / 4; q++) {
                        const float4 v = xv[q];
                        re[4 * q] = fmaf(v.x, c[g], re[4 * q]);         im[4 * q] = fmaf(-v.x, s[g], im[4 * q]);
                        re[4 * q + 1] = fmaf(v.y, c[g], re[4 * q + 1]); im[4 * q + 1] = fmaf(-v.y, s[g], im[4 * q + 1]);
                        re[4 * q + 2] = fmaf(v.z, c[g], re[4 * q + 2]); im[4 * q + 2] = fmaf(-v.z, s[g], im[4 * q + 2]);
                        re[4 * q + 3] = fmaf(v.w, c[g], re[4 * q + 3]); im[4 * q + 3] = fmaf(-v.w, s[g], im[4 * q + 3]);
                    }
                }
            }
        }
        __syncthreads();  // everyone is done with this buffer before the next iteration refills it
    }
    if (active) {
        const float inv = 1.f / (float) (a1 - a0);
#pragma unroll
        for (int q = 0; q < CH; q++) {
            if (c0 + q < C) {
                atomicAdd(sRe + (size_t) k * C + c0 + q, re[q] * inv);
                atomicAdd(sIm + (size_t) k * C + c0 + q, im[q] * inv);
            }
        }
    }
}

// Each thread accumulates two atoms (i and i + THREADS), so every T value loaded from shared
// memory feeds four FMAs: the back-projection needs twice the loads of the structure factor.
extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS_PER_SM) back_project(
        const int* __restrict__ blockCrystal, const int* __restrict__ blockStart,
        const int* __restrict__ atomOffset, const int* __restrict__ vectorOffset,
        const int* __restrict__ miller, const unsigned* __restrict__ frac,
        const float* __restrict__ tRe, const float* __restrict__ tIm, int C, float* __restrict__ u) {
    __shared__ __align__(16) float sr[2][TILE_U * CH];
    __shared__ __align__(16) float si[2][TILE_U * CH];
    __shared__ unsigned sm[2][TILE_U * 3];
    const unsigned* millerBits = reinterpret_cast<const unsigned*>(miller);
    const int b = blockCrystal[blockIdx.x];
    const int i0 = blockStart[blockIdx.x] + threadIdx.x, i1 = i0 + THREADS;
    const int iEnd = atomOffset[b + 1];
    const int k0 = vectorOffset[b], k1 = vectorOffset[b + 1];
    const int c0 = blockIdx.y * CH;
    const bool active0 = i0 < iEnd, active1 = i1 < iEnd;
    const int per = (k1 - k0 + gridDim.z - 1) / gridDim.z;
    const int kFrom = k0 + blockIdx.z * per, kTo = min(k1, kFrom + per);
    unsigned f0x = 0, f0y = 0, f0z = 0, f1x = 0, f1y = 0, f1z = 0;
    if (active0) { f0x = frac[3 * i0]; f0y = frac[3 * i0 + 1]; f0z = frac[3 * i0 + 2]; }
    if (active1) { f1x = frac[3 * i1]; f1y = frac[3 * i1 + 1]; f1z = frac[3 * i1 + 2]; }
    float a0[CH], a1[CH];
#pragma unroll
    for (int q = 0; q < CH; q++) { a0[q] = 0.f; a1[q] = 0.f; }
    if (kFrom < kTo) {
        const int n = min(TILE_U, kTo - kFrom);
        stageRows<TILE_U>(sr[0], tRe, kFrom, n, C, c0);
        stageRows<TILE_U>(si[0], tIm, kFrom, n, C, c0);
        stageInts<TILE_U * 3>(sm[0], millerBits + 3 * kFrom, 3 * n);
        commitCopies();
    }
    int buf = 0;
    for (int kt = kFrom; kt < kTo; kt += TILE_U, buf ^= 1) {
        if (kt + TILE_U < kTo) {
            const int next = kt + TILE_U, n = min(TILE_U, kTo - next);
            stageRows<TILE_U>(sr[buf ^ 1], tRe, next, n, C, c0);
            stageRows<TILE_U>(si[buf ^ 1], tIm, next, n, C, c0);
            stageInts<TILE_U * 3>(sm[buf ^ 1], millerBits + 3 * next, 3 * n);
            commitCopies();
            awaitAllButNewest();
        } else {
            awaitAll();
        }
        __syncthreads();
        if (active0) {
            const int n = min(TILE_U, kTo - kt);
            const float* rs = sr[buf];
            const float* is = si[buf];
            const unsigned* ms = sm[buf];
            for (int k = 0; k < n; k++) {
                const unsigned h = ms[3 * k], l = ms[3 * k + 1], m = ms[3 * k + 2];
                float s0, cos0, s1, cos1;
                phase(h * f0x + l * f0y + m * f0z, &s0, &cos0);
                phase(h * f1x + l * f1y + m * f1z, &s1, &cos1);
                const float4* rv = reinterpret_cast<const float4*>(rs + k * CH);
                const float4* iv = reinterpret_cast<const float4*>(is + k * CH);
#pragma unroll
                for (int q = 0; q < CH / 4; q++) {
                    const float4 r = rv[q], t = iv[q];
                    a0[4 * q] = fmaf(r.x, cos0, fmaf(-t.x, s0, a0[4 * q]));
                    a0[4 * q + 1] = fmaf(r.y, cos0, fmaf(-t.y, s0, a0[4 * q + 1]));
                    a0[4 * q + 2] = fmaf(r.z, cos0, fmaf(-t.z, s0, a0[4 * q + 2]));
                    a0[4 * q + 3] = fmaf(r.w, cos0, fmaf(-t.w, s0, a0[4 * q + 3]));
                    a1[4 * q] = fmaf(r.x, cos1, fmaf(-t.x, s1, a1[4 * q]));
                    a1[4 * q + 1] = fmaf(r.y, cos1, fmaf(-t.y, s1, a1[4 * q + 1]));
                    a1[4 * q + 2] = fmaf(r.z, cos1, fmaf(-t.z, s1, a1[4 * q + 2]));
                    a1[4 * q + 3] = fmaf(r.w, cos1, fmaf(-t.w, s1, a1[4 * q + 3]));
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int q = 0; q < CH; q++) {
        if (c0 + q < C) {
            if (active0) atomicAdd(u + (size_t) i0 * C + c0 + q, a0[q]);
            if (active1) atomicAdd(u + (size_t) i1 * C + c0 + q, a1[q]);
        }
    }
}

// Measured FP32 peak for the roofline: each thread runs 8 independent FMA chains.
extern "C" __global__ void fma_peak(float* out, int iterations) {
    float a0 = threadIdx.x, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5, a6 = a0 + 6, a7 = a0 + 7;
    const float m = 0.9999f, d = 0.0001f;
    for (int i = 0; i < iterations; i++) {
        a0 = fmaf(a0, m, d); a1 = fmaf(a1, m, d); a2 = fmaf(a2, m, d); a3 = fmaf(a3, m, d);
        a4 = fmaf(a4, m, d); a5 = fmaf(a5, m, d); a6 = fmaf(a6, m, d); a7 = fmaf(a7, m, d);
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}
