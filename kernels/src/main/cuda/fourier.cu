// Fused Fourier operators of the reciprocal block (SCIENCE.md section 2), one CUDA block per
// (crystal, tile of 128 vectors or 512 atoms); phases are computed on the fly, never stored.
// Work per term (vector n, atom j, channel c): 2 FMAs = 4 FLOP. Each thread owns one vector and
// 64 channels (structure factor) or four atoms and 32 channels (back-projection) in registers; the other
// side streams through shared memory in tiles, read as broadcasts.
// Staging is double-buffered with cp.async (sm_80+): the next tile's rows travel from global to
// shared memory while the FMAs run on the current one, without passing through registers (the
// accumulators need all of them: 3 blocks of 128 threads per SM is 170 registers each).
// Phases: fractional coordinates arrive as 32-bit fixed point (f mod 1 times 2^32), so n.f mod 1
// is exact wrapping integer arithmetic (3 IMAD, error ~1e-10 |n|); the angle in [-pi, pi) then
// goes through the hardware sine/cosine (__sincosf, absolute error < 4e-7 on that range).
// The sum over atoms (S) or vectors (u) is split over gridDim.z blocks that add their partial
// sums atomically into a zeroed output, so small batches still fill every SM.

#define CH 64      // structure factor: channels per thread (one launch row per 64 channels)
#define TILE 32    // structure factor: atoms per shared-memory tile
#define GROUP 2    // structure factor: atoms whose phases are computed together, ahead of their FMAs
#define U_ATOMS 4  // back-projection: atoms per thread
#define U_CH 32    // back-projection: channels per thread (one launch row per 32 channels)
#define TILE_U 32  // back-projection: vectors per shared-memory tile
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

// Rows [row0, row0 + n) and channels [c0, c0 + W) of a row-major rows x C matrix into
// dst[ROWS][W]; rows past n and channels past C are zeros, so they add nothing to the sums.
// WIDE: 16-byte copies, which need C % 4 == 0 (row starts and c0 are then multiples of 4 floats).
template <int ROWS, int W, bool WIDE>
__device__ __forceinline__ void stageRows(float* dst, const float* src, int row0, int n, int C, int c0) {
    if (WIDE) {
        for (int t = threadIdx.x; t < ROWS * W / 4; t += THREADS) {
            const int j = t / (W / 4), c = 4 * (t % (W / 4));
            const bool in = j < n && c0 + c < C;
            copy16(dst + j * W + c, in ? src + (size_t)(row0 + j) * C + c0 + c : src, in);
        }
    } else {
        for (int t = threadIdx.x; t < ROWS * W; t += THREADS) {
            const int j = t / W, c = t % W;
            const bool in = j < n && c0 + c < C;
            copy4(dst + t, in ? src + (size_t)(row0 + j) * C + c0 + c : src, in);
        }
    }
}

// The copy width chosen at run time. The structure factor uses this form and the back-projection
// one kernel per width: at the 170-register limit ptxas' allocation of the whole kernel depends
// on it, and each operator was fastest its way (H100, 10^5 atoms: S 38.6 TFLOP/s with the branch,
// 32.5 without; u 38.3 with one kernel per width, 34.9 with the branch).
template <int ROWS, int W>
__device__ __forceinline__ void stageRows(float* dst, const float* src, int row0, int n, int C, int c0) {
    if ((C & 3) == 0) stageRows<ROWS, W, true>(dst, src, row0, n, C, c0);
    else stageRows<ROWS, W, false>(dst, src, row0, n, C, c0);
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
        stageRows<TILE, CH>(sx[0], x, jFrom, n, C, c0);
        stageInts<TILE * 3>(sf[0], frac + 3 * jFrom, 3 * n);
        commitCopies();
    }
    int buf = 0;
    for (int j0 = jFrom; j0 < jTo; j0 += TILE, buf ^= 1) {
        if (j0 + TILE < jTo) {  // start the next tile, then wait for this one only
            const int next = j0 + TILE, n = min(TILE, jTo - next);
            stageRows<TILE, CH>(sx[buf ^ 1], x, next, n, C, c0);
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
    // An empty slice of atoms adds nothing. The test also keeps ptxas' allocation where it was fast:
    // without it the kernel spills 324 bytes instead of 60 and ran at 22 TFLOP/s instead of 38.
    if (active && jFrom < jTo) {
#pragma unroll
        for (int q = 0; q < CH; q++) {
            if (c0 + q < C) {
                atomicAdd(sRe + (size_t) k * C + c0 + q, re[q]);
                atomicAdd(sIm + (size_t) k * C + c0 + q, im[q]);
            }
        }
    }
}

// Each thread accumulates U_ATOMS atoms (i, i + THREADS, ...) over U_CH channels, so every T value
// loaded from shared memory feeds 2 x U_ATOMS FMAs: the back-projection reads two values (re, im)
// per FMA pair where the structure factor reads one.
template <bool WIDE>
__device__ __forceinline__ void backProject(
        const int* __restrict__ blockCrystal, const int* __restrict__ blockStart,
        const int* __restrict__ atomOffset, const int* __restrict__ vectorOffset,
        const int* __restrict__ miller, const unsigned* __restrict__ frac,
        const float* __restrict__ tRe, const float* __restrict__ tIm, int C, float* __restrict__ u) {
    __shared__ __align__(16) float sr[2][TILE_U * U_CH];
    __shared__ __align__(16) float si[2][TILE_U * U_CH];
    __shared__ unsigned sm[2][TILE_U * 3];
    const unsigned* millerBits = reinterpret_cast<const unsigned*>(miller);
    const int b = blockCrystal[blockIdx.x];
    const int iFirst = blockStart[blockIdx.x] + threadIdx.x;
    const int iEnd = atomOffset[b + 1];
    const int k0 = vectorOffset[b], k1 = vectorOffset[b + 1];
    const int c0 = blockIdx.y * U_CH;
    const int per = (k1 - k0 + gridDim.z - 1) / gridDim.z;
    const int kFrom = k0 + blockIdx.z * per, kTo = min(k1, kFrom + per);
    unsigned fx[U_ATOMS], fy[U_ATOMS], fz[U_ATOMS];
#pragma unroll
    for (int a = 0; a < U_ATOMS; a++) {
        const int i = iFirst + a * THREADS;
        const bool in = i < iEnd;
        fx[a] = in ? frac[3 * i] : 0; fy[a] = in ? frac[3 * i + 1] : 0; fz[a] = in ? frac[3 * i + 2] : 0;
    }
    float acc[U_ATOMS][U_CH];
#pragma unroll
    for (int a = 0; a < U_ATOMS; a++)
#pragma unroll
        for (int q = 0; q < U_CH; q++) acc[a][q] = 0.f;
    if (kFrom < kTo) {
        const int n = min(TILE_U, kTo - kFrom);
        stageRows<TILE_U, U_CH, WIDE>(sr[0], tRe, kFrom, n, C, c0);
        stageRows<TILE_U, U_CH, WIDE>(si[0], tIm, kFrom, n, C, c0);
        stageInts<TILE_U * 3>(sm[0], millerBits + 3 * kFrom, 3 * n);
        commitCopies();
    }
    int buf = 0;
    for (int kt = kFrom; kt < kTo; kt += TILE_U, buf ^= 1) {
        if (kt + TILE_U < kTo) {
            const int next = kt + TILE_U, n = min(TILE_U, kTo - next);
            stageRows<TILE_U, U_CH, WIDE>(sr[buf ^ 1], tRe, next, n, C, c0);
            stageRows<TILE_U, U_CH, WIDE>(si[buf ^ 1], tIm, next, n, C, c0);
            stageInts<TILE_U * 3>(sm[buf ^ 1], millerBits + 3 * next, 3 * n);
            commitCopies();
            awaitAllButNewest();
        } else {
            awaitAll();
        }
        __syncthreads();
        if (iFirst < iEnd) {
            const int n = min(TILE_U, kTo - kt);
            for (int k = 0; k < n; k++) {
                const unsigned h = sm[buf][3 * k], l = sm[buf][3 * k + 1], m = sm[buf][3 * k + 2];
                float s[U_ATOMS], c[U_ATOMS];
#pragma unroll
                for (int a = 0; a < U_ATOMS; a++) phase(h * fx[a] + l * fy[a] + m * fz[a], &s[a], &c[a]);
                const float4* rv = reinterpret_cast<const float4*>(sr[buf] + k * U_CH);
                const float4* iv = reinterpret_cast<const float4*>(si[buf] + k * U_CH);
#pragma unroll
                for (int q = 0; q < U_CH / 4; q++) {
                    const float4 r = rv[q], t = iv[q];
#pragma unroll
                    for (int a = 0; a < U_ATOMS; a++) {
                        acc[a][4 * q] = fmaf(r.x, c[a], fmaf(-t.x, s[a], acc[a][4 * q]));
                        acc[a][4 * q + 1] = fmaf(r.y, c[a], fmaf(-t.y, s[a], acc[a][4 * q + 1]));
                        acc[a][4 * q + 2] = fmaf(r.z, c[a], fmaf(-t.z, s[a], acc[a][4 * q + 2]));
                        acc[a][4 * q + 3] = fmaf(r.w, c[a], fmaf(-t.w, s[a], acc[a][4 * q + 3]));
                    }
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int a = 0; a < U_ATOMS; a++) {
        const int i = iFirst + a * THREADS;
        if (i < iEnd) {
#pragma unroll
            for (int q = 0; q < U_CH; q++)
                if (c0 + q < C) atomicAdd(u + (size_t) i * C + c0 + q, acc[a][q]);
        }
    }
}

#define BACK_PROJECT_ARGS const int* __restrict__ blockCrystal, const int* __restrict__ blockStart, \
        const int* __restrict__ atomOffset, const int* __restrict__ vectorOffset, const int* __restrict__ miller, \
        const unsigned* __restrict__ frac, const float* __restrict__ tRe, const float* __restrict__ tIm, int C, float* __restrict__ u

// C % 4 == 0
extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS_PER_SM) back_project(BACK_PROJECT_ARGS) {
    backProject<true>(blockCrystal, blockStart, atomOffset, vectorOffset, miller, frac, tRe, tIm, C, u);
}

// any C
extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS_PER_SM) back_project_narrow(BACK_PROJECT_ARGS) {
    backProject<false>(blockCrystal, blockStart, atomOffset, vectorOffset, miller, frac, tRe, tIm, C, u);
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
