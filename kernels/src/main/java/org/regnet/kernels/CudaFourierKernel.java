package org.regnet.kernels;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * The kernels of {@code src/main/cuda/fourier.cu}, loaded from PTX with the driver API on device
 * 0's primary context. Calls are serialized (one context, one default stream); each call copies
 * its inputs, launches, and copies the result back.
 */
final class CudaFourierKernel implements FourierKernel {
    static final String PTX = "/org/regnet/kernels/fourier.ptx";
    private static final int THREADS = 128;
    /** Channels per thread (one launch row each) and atoms per thread, as in fourier.cu. */
    private static final int S_CHANNELS = 64, U_CHANNELS = 32, U_ATOMS = 4;
    /** A block's fixed cost, in summed terms; and the fewest terms (one shared-memory tile) worth a block. */
    private static final int BLOCK_COST_TERMS = 64, MIN_TERMS_PER_BLOCK = 32;
    private static final int MAX_GRID_Z = 65_535;  // the device limit
    private static CudaFourierKernel instance;

    private final CUctx_st context;
    private final CUfunc_st structureFactor = new CUfunc_st();
    private final CUfunc_st backProject = new CUfunc_st();
    private final CUfunc_st backProjectNarrow = new CUfunc_st();
    private final CUfunc_st fmaPeak = new CUfunc_st();
    private final String device;
    private final int multiprocessors;
    /** Milliseconds the last launch took on the device (events around the kernel only). */
    private volatile float lastKernelMillis;

    private CudaFourierKernel(CUctx_st context, CUmod_st module, String device, int multiprocessors) {
        this.context = context;
        this.device = device;
        this.multiprocessors = multiprocessors;
        check(cuModuleGetFunction(structureFactor, module, "structure_factor"), "structure_factor");
        check(cuModuleGetFunction(backProject, module, "back_project"), "back_project");
        check(cuModuleGetFunction(backProjectNarrow, module, "back_project_narrow"), "back_project_narrow");
        check(cuModuleGetFunction(fmaPeak, module, "fma_peak"), "fma_peak");
    }

    /** Sets up the driver once; returns null when usable, else why not. */
    static synchronized String initialize() throws IOException {
        if (instance != null) return null;
        int r = cuInit(0);
        if (r != CUDA_SUCCESS) return "cuInit failed (" + error(r) + ")";
        int[] count = new int[1];
        r = cuDeviceGetCount(count);
        if (r != CUDA_SUCCESS || count[0] == 0) return "no CUDA device";
        int[] dev = new int[1];
        check(cuDeviceGet(dev, 0), "cuDeviceGet");
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, dev[0]);
        CUctx_st ctx = new CUctx_st();
        check(cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        byte[] ptx;
        try (InputStream in = CudaFourierKernel.class.getResourceAsStream(PTX)) {
            if (in == null) return "PTX resource " + PTX + " missing from the jar";
            ptx = in.readAllBytes();
        }
        byte[] z = java.util.Arrays.copyOf(ptx, ptx.length + 1);  // NUL-terminated for the driver
        CUmod_st module = new CUmod_st();
        r = cuModuleLoadData(module, new BytePointer(z));
        if (r != CUDA_SUCCESS) return "cannot load the PTX (" + error(r) + ")";
        int[] sms = new int[1];
        check(cuDeviceGetAttribute(sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev[0]), "cuDeviceGetAttribute");
        instance = new CudaFourierKernel(ctx, module, new String(name, 0, indexOfZero(name)), sms[0]);
        return null;
    }

    static CudaFourierKernel instance() { return instance; }

    @Override
    public String name() { return "cuda"; }

    String device() { return device; }

    float lastKernelMillis() { return lastKernelMillis; }

    @Override
    public synchronized float[][] structureFactor(FourierBatch batch, float[] x, int channels) {
        float[] re = new float[batch.vectors() * channels], im = new float[re.length];
        if (re.length == 0) return new float[][] {re, im};
        try (Launch l = new Launch(batch, batch.vectorOffset(), THREADS)) {
            long dx = l.upload(new FloatPointer(x), 4L * x.length);
            long dre = l.zeros(re.length), dim = l.zeros(im.length);
            l.run(structureFactor, channels, S_CHANNELS, batch.atomOffset(), new Pointer[] {l.blockCrystal, l.blockStart, l.atomOffset, l.vectorOffset, l.miller,
                    l.frac, new LongPointer(1).put(dx), new IntPointer(1).put(channels), new LongPointer(1).put(dre), new LongPointer(1).put(dim)});
            l.download(dre, re);
            l.download(dim, im);
        }
        return new float[][] {re, im};
    }

    @Override
    public synchronized float[] backProject(FourierBatch batch, float[] re, float[] im, int channels) {
        float[] u = new float[batch.atoms() * channels];
        if (u.length == 0) return u;
        try (Launch l = new Launch(batch, batch.atomOffset(), U_ATOMS * THREADS)) {
            long dre = l.upload(new FloatPointer(re.length == 0 ? new float[1] : re), 4L * Math.max(1, re.length));
            long dim = l.upload(new FloatPointer(im.length == 0 ? new float[1] : im), 4L * Math.max(1, im.length));
            long du = l.zeros(u.length);
            l.run(channels % 4 == 0 ? backProject : backProjectNarrow, channels, U_CHANNELS, batch.vectorOffset(), new Pointer[] {l.blockCrystal, l.blockStart, l.atomOffset, l.vectorOffset, l.miller,
                    l.frac, new LongPointer(1).put(dre), new LongPointer(1).put(dim), new IntPointer(1).put(channels), new LongPointer(1).put(du)});
            l.download(du, u);
        }
        return u;
    }

    /** Measured FP32 FMA throughput in FLOP/s (2 FLOP per FMA), for the roofline. */
    synchronized double peakFlops() {
        int blocks = multiprocessors * 16, threads = 256, iterations = 1 << 16;
        try (Launch l = new Launch(null, null, 0)) {
            long out = l.alloc(4L * blocks * threads);
            Pointer[] args = {new LongPointer(1).put(out), new IntPointer(1).put(iterations)};
            l.launch(fmaPeak, blocks, 1, threads, args);  // warm-up
            float ms = l.launch(fmaPeak, blocks, 1, threads, args);
            return 2.0 * 8 * (double) iterations * blocks * threads / (ms / 1e3);
        }
    }

    /** Device buffers of one call, freed on close. */
    private final class Launch implements AutoCloseable {
        private final List<Long> buffers = new ArrayList<>();
        final Pointer blockCrystal, blockStart, atomOffset, vectorOffset, miller, frac;
        final int blocks;

        /** @param tiles the offsets that CUDA blocks tile (vectors for S, atoms for u), {@code perBlock} at a time */
        Launch(FourierBatch batch, int[] tiles, int perBlock) {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            if (batch == null) {
                blockCrystal = blockStart = atomOffset = vectorOffset = miller = frac = null;
                blocks = 0;
                return;
            }
            List<Integer> crystalOf = new ArrayList<>(), startOf = new ArrayList<>();
            for (int b = 0; b < batch.crystals(); b++) {
                for (int s = tiles[b]; s < tiles[b + 1]; s += perBlock) {
                    crystalOf.add(b);
                    startOf.add(s);
                }
            }
            blocks = crystalOf.size();
            blockCrystal = arg(upload(new IntPointer(ints(crystalOf)), 4L * Math.max(1, blocks)));
            blockStart = arg(upload(new IntPointer(ints(startOf)), 4L * Math.max(1, blocks)));
            atomOffset = arg(upload(new IntPointer(batch.atomOffset()), 4L * batch.atomOffset().length));
            vectorOffset = arg(upload(new IntPointer(batch.vectorOffset()), 4L * batch.vectorOffset().length));
            miller = arg(upload(new IntPointer(batch.miller().length == 0 ? new int[3] : batch.miller()), 4L * Math.max(3, batch.miller().length)));
            int[] fixed = fixedPoint(batch.fractional());
            frac = arg(upload(new IntPointer(fixed), 4L * fixed.length));
        }

        long alloc(long bytes) {
            long[] p = new long[1];
            check(cuMemAlloc(p, Math.max(4, bytes)), "cuMemAlloc(" + bytes + " bytes)");
            buffers.add(p[0]);
            return p[0];
        }

        long upload(Pointer host, long bytes) {
            long d = alloc(bytes);
            check(cuMemcpyHtoD(d, host, bytes), "cuMemcpyHtoD");
            return d;
        }

        long zeros(int floats) {
            long d = alloc(4L * floats);
            check(cuMemsetD32(d, 0, floats), "cuMemsetD32");
            return d;
        }

        void download(long device, float[] out) {
            FloatPointer host = new FloatPointer(out.length);
            check(cuMemcpyDtoH(host, device, 4L * out.length), "cuMemcpyDtoH");
            host.get(out);
        }

        /**
         * Launches {@code f} over these blocks, one grid row per {@code width} channels, with the
         * sums over {@code summed}'s ranges split as {@link #splits} says for this device.
         */
        void run(CUfunc_st f, int channels, int width, int[] summed, Pointer[] args) {
            if (blocks == 0) return;
            int longest = 0;
            for (int b = 0; b + 1 < summed.length; b++) longest = Math.max(longest, summed[b + 1] - summed[b]);
            int[] perSm = new int[1];
            check(cuOccupancyMaxActiveBlocksPerMultiprocessor(perSm, f, THREADS, 0), "cuOccupancyMaxActiveBlocksPerMultiprocessor");
            int rows = (channels + width - 1) / width;
            int splits = splits(blocks * rows, longest, Math.max(1, perSm[0]) * multiprocessors);
            lastKernelMillis = launch(f, blocks, rows, splits, THREADS, args);
        }

        float launch(CUfunc_st f, int gridX, int gridY, int threads, Pointer[] args) {
            return launch(f, gridX, gridY, 1, threads, args);
        }

        float launch(CUfunc_st f, int gridX, int gridY, int gridZ, int threads, Pointer[] args) {
            CUevent_st start = new CUevent_st(), stop = new CUevent_st();
            check(cuEventCreate(start, 0), "cuEventCreate");
            check(cuEventCreate(stop, 0), "cuEventCreate");
            check(cuEventRecord(start, null), "cuEventRecord");
            check(cuLaunchKernel(f, gridX, gridY, gridZ, threads, 1, 1, 0, null, new PointerPointer<>(args), null), "cuLaunchKernel");
            check(cuEventRecord(stop, null), "cuEventRecord");
            check(cuEventSynchronize(stop), "kernel execution");
            float[] ms = new float[1];
            check(cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
            cuEventDestroy(start);
            cuEventDestroy(stop);
            return ms[0];
        }

        private Pointer arg(long devicePointer) { return new LongPointer(1).put(devicePointer); }

        @Override
        public void close() {
            for (long b : buffers) cuMemFree(b);
        }
    }

    /**
     * How many blocks share each sum (gridDim.z). Blocks run in waves of {@code resident} (blocks
     * per SM times SMs), so a launch takes about waves x (terms per block + a fixed cost per block);
     * z minimizes that. Too few splits leave SMs idle in a small batch or in the last wave; too many
     * pay the fixed cost (staging, atomic adds) again and again (measured: benchmarks/README.md).
     */
    static int splits(int blocks, int longestSum, int resident) {
        int best = 1;
        long bestCost = Long.MAX_VALUE;
        for (int z = 1; z <= Math.min(MAX_GRID_Z, Math.max(1, longestSum / MIN_TERMS_PER_BLOCK)); z++) {
            long waves = ((long) blocks * z + resident - 1) / resident;
            long cost = waves * (((long) longestSum + z - 1) / z + BLOCK_COST_TERMS);
            if (cost < bestCost) {
                best = z;
                bestCost = cost;
            }
        }
        return best;
    }

    /** f mod 1 as unsigned 32-bit fixed point: n·f mod 1 becomes exact wrapping integer arithmetic on the device. */
    static int[] fixedPoint(double[] fractional) {
        int[] out = new int[Math.max(3, fractional.length)];
        for (int i = 0; i < fractional.length; i++) {
            double f = fractional[i] - Math.floor(fractional[i]);
            out[i] = (int) (long) Math.rint(f * 4294967296.0);  // 2^32 wraps to 0, as it should
        }
        return out;
    }

    private static int[] ints(List<Integer> list) {
        int[] a = new int[Math.max(1, list.size())];
        for (int i = 0; i < list.size(); i++) a[i] = list.get(i);
        return a;
    }

    private static int indexOfZero(byte[] b) {
        for (int i = 0; i < b.length; i++) if (b[i] == 0) return i;
        return b.length;
    }

    private static void check(int result, String what) {
        if (result != CUDA_SUCCESS) throw new IllegalStateException("CUDA " + what + " failed: " + error(result));
    }

    private static String error(int code) {
        BytePointer p = new BytePointer((Pointer) null);
        if (cuGetErrorString(code, p) == CUDA_SUCCESS && p.address() != 0) return p.getString() + " (" + code + ")";
        return "error " + code;
    }
}
