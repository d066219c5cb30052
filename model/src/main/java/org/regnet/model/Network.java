package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.regnet.data.BatchPlanner;
import org.regnet.data.CrystalGraph;
import org.regnet.kernels.FourierKernel;
import org.regnet.kernels.GatedConvolution;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A {@link ReGNetNetwork} with its parameters and their native memory: created (seeded) or
 * loaded, run on batches, saved. Package-private: users see {@link ReGNetModel}.
 */
final class Network implements AutoCloseable {
    static {
        // DJL must not phone home; set before the engine starts (STACK.md)
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    }

    final ModelConfig config;
    final int tasks;
    final NDManager manager;
    final ReGNetNetwork block;
    /** The tasks' output constraints, which the network applies and training's hurdle loss needs. */
    final OutputRanges ranges;
    /** Replaced on every {@link #load}: a store keeps the arrays it has handed out, and would go on serving the old weights. */
    ParameterStore store;

    Network(ModelConfig config, OutputRanges ranges, long seed) {
        this.config = config;
        this.tasks = ranges.tasks();
        this.ranges = ranges;
        TorchThreads.fix();
        this.manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) seed);
        this.block = new ReGNetNetwork(config, ranges);
        block.initialize(manager, DataType.FLOAT32);
        this.store = new ParameterStore(manager, false);
    }

    List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) out.add(p.getValue());
        return out;
    }

    List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) out.add(p.getKey());
        return out;
    }

    int parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.getArray().size();
        return (int) n;
    }

    /**
     * What an inference pass gives per crystal (indexed like the input graphs; entries not asked for are null).
     *
     * @param values    normalized predictions, T per crystal
     * @param embedding the pooled crystal vector, H per crystal: where the domain of applicability measures distances
     */
    record Outputs(float[][] values, float[][] embedding) {}

    /**
     * Normalized predictions (rows in the order of {@code rows}), in batches of similar size, on the DJL path.
     *
     * @throws CancellationException when {@code stopRequested} is true between two batches
     */
    float[][] predict(List<CrystalGraph> graphs, int[] rows, BatchPlanner planner, BooleanSupplier stopRequested) {
        return run(graphs, rows, planner, InferencePath.REFERENCE, stopRequested).values();
    }

    /** Predictions and embeddings of the given rows, on the given path. */
    Outputs run(List<CrystalGraph> graphs, int[] rows, BatchPlanner planner, InferencePath path) {
        return run(graphs, rows, planner, path, () -> false);
    }

    /**
     * Predictions and embeddings of the given rows, on the given path, asking {@code stopRequested}
     * before each batch: a pass over tens of thousands of crystals takes minutes on one thread, too
     * long for a stop to wait.
     *
     * @throws CancellationException when {@code stopRequested} is true between two batches
     */
    Outputs run(List<CrystalGraph> graphs, int[] rows, BatchPlanner planner, InferencePath path, BooleanSupplier stopRequested) {
        float[][] out = new float[graphs.size()][], embedding = new float[graphs.size()][];
        int h = config.hidden();
        for (int[] batch : planner.sorted(rows, graphs)) {
            if (stopRequested.getAsBoolean()) throw new CancellationException("stop requested");
            List<CrystalGraph> members = new ArrayList<>(batch.length);
            for (int r : batch) members.add(graphs.get(r));
            float[][] y = forward(members, path.fourier().apply(members), path.convolution());
            for (int i = 0; i < batch.length; i++) {
                out[batch[i]] = java.util.Arrays.copyOfRange(y[0], i * tasks, (i + 1) * tasks);
                embedding[batch[i]] = java.util.Arrays.copyOfRange(y[1], i * h, (i + 1) * h);
            }
        }
        return new Outputs(out, embedding);
    }

    /**
     * One inference batch: {(B·T) normalized outputs, (B·H) pooled vectors}, row-major; a null kernel
     * or convolution = its DJL path.
     */
    float[][] forward(List<CrystalGraph> batch, FourierKernel kernel, GatedConvolution convolution) {
        try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
            int[] rows = BatchTensors.rows(batch);
            BatchTensors.FlatEdges edges = BatchTensors.flatEdges(batch, rows);
            // the fused convolution computes the harmonics itself
            NDList inputs = BatchTensors.inputs(sub, batch, rows, edges, config, config.angular() && convolution == null, kernel == null);
            PairList<String, Object> params = new PairList<>();
            if (kernel != null) {
                params.add(ReciprocalBlock.FusedFourier.KEY, new ReciprocalBlock.FusedFourier(kernel, BatchTensors.fourierBatch(batch), rows));
            }
            if (convolution != null) {
                params.add(GraphConvolution.FusedConvolution.KEY, GraphConvolution.FusedConvolution.of(convolution, edges, config));
            }
            NDList out = block.forward(store, inputs, false, params);
            return new float[][] {ReGNetNetwork.predictions(out).toFloatArray(), ReGNetNetwork.pooled(out).toFloatArray()};
        }
    }

    void save(DataOutputStream out) throws IOException { block.saveParameters(out); }

    void load(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException("parameters do not match the architecture: " + e.getMessage(), e);
        }
        store = new ParameterStore(manager, false);
    }

    @Override
    public void close() { manager.close(); }
}
