package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Initial atom features: a learned vector per element plus, optionally, a linear map of CDK
 * element properties. A disordered ({@code virtual}) site gets the occupancy-weighted sum of
 * its species' vectors. Inputs: atomic numbers (N, S) int64 and occupancies (N, S).
 */
final class ElementEmbedding extends Layer {
    private final int hidden;
    private final Parameter table;
    private final Linear properties;

    ElementEmbedding(ModelConfig config) {
        this.hidden = config.hidden();
        this.table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(ElementFeatures.ROWS, hidden)).optInitializer(new NormalInitializer(1f)).build());
        this.properties = config.elementFeatures()
                ? addChildBlock("properties", Linear.builder().setUnits(hidden).optBias(false).build()) : null;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        if (properties != null) init(properties, manager, type, ElementFeatures.COLUMNS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray numbers = in.get(0), weights = in.get(1);
        NDArray vectors = ps.getValue(table, numbers.getDevice(), training);
        if (properties != null) {
            vectors = apply(properties, ps, ElementFeatures.create(numbers.getManager()), training).add(vectors);  // result owned by the batch's manager
        }
        long n = numbers.getShape().get(0), s = numbers.getShape().get(1);
        // a gather, not advanced indexing (vectors.get(numbers)): the latter's gradient is summed with
        // parallel atomic float adds on the CPU, in an order that changes from run to run
        NDArray perSpecies = BatchTensors.gatherRows(vectors, numbers.reshape(-1)).reshape(n, s, hidden);
        return new NDList(perSpecies.mul(weights.expandDims(2)).sum(new int[] {1}));
    }
}
