package org.regnet.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Featurized crystals with their labels (NaN = missing), in input order, plus the inputs that
 * could not be used (each "source: reason"), so a caller can report them and carry on.
 */
public record Dataset(List<String> targets, List<CrystalGraph> graphs, double[][] labels, List<String> failures) {

    /** The crystals of the given rows, in order. */
    public List<CrystalGraph> graphsOf(int[] rows) {
        List<CrystalGraph> out = new ArrayList<>(rows.length);
        for (int r : rows) out.add(graphs.get(r));
        return out;
    }

    /** The chemical systems (element sets) of the given rows' crystals, in order. */
    public List<String> chemicalSystemsOf(int[] rows) {
        List<String> out = new ArrayList<>(rows.length);
        for (int r : rows) out.add(graphs.get(r).chemicalSystem());
        return out;
    }

    public int size() { return graphs.size(); }

    public List<String> ids() {
        List<String> ids = new ArrayList<>(graphs.size());
        for (CrystalGraph g : graphs) ids.add(g.id());
        return ids;
    }

    /** Each crystal's chemical system ({@link CrystalGraph#chemicalSystem}, e.g. "Fe-O"), in order. */
    public List<String> chemicalSystems() {
        List<String> out = new ArrayList<>(graphs.size());
        for (CrystalGraph g : graphs) out.add(g.chemicalSystem());
        return out;
    }

    /** Positions of the given ids; unknown ids are an error naming them. */
    public int[] indicesOf(List<String> ids) {
        Map<String, Integer> index = positions();
        int[] out = new int[ids.size()];
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            Integer p = index.get(ids.get(i));
            if (p == null) unknown.add(ids.get(i));
            else out[i] = p;
        }
        if (!unknown.isEmpty()) {
            throw new DataException(unknown.size() + " id(s) of the split are not in the dataset, e.g. "
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))));
        }
        return out;
    }

    /** Positions of those of the given ids that this dataset holds, in their order; the others are skipped (a user may score a part of a split). */
    public int[] indicesOfPresent(List<String> ids) {
        Map<String, Integer> index = positions();
        return ids.stream().map(index::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
    }

    private Map<String, Integer> positions() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < graphs.size(); i++) index.put(graphs.get(i).id(), i);
        return index;
    }
}
